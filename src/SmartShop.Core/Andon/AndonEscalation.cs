namespace SmartShop.Core.Andon;

/// <summary>Who an andon call is for.</summary>
public enum AndonKind
{
    Maintenance,
    Quality,
    Material,
}

public enum AndonStatus
{
    /// <summary>Raised; nobody has answered yet.</summary>
    Open,

    /// <summary>Someone is on the way.</summary>
    Acknowledged,

    /// <summary>Dealt with.</summary>
    Closed,
}

/// <summary>
/// Escalation of calls nobody answers: after each step's time without acknowledgement the call rises one level
/// (level 1: the shift's supervisors, level 2: production managers, and so on). Acknowledging stops it rising.
/// </summary>
/// <param name="Steps">Time from raising the call to each level, increasing (e.g. 5 min, 15 min).</param>
public sealed record AndonEscalation(IReadOnlyList<TimeSpan> Steps)
{
    /// <summary>Who each level reaches, in order after the raiser's own team (level 0).</summary>
    public static readonly IReadOnlyList<string> Audience = ["supervisor", "manager"];

    public static AndonEscalation Default { get; } = new([TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)]);

    /// <summary>The steps, or why not: each positive and later than the one before.</summary>
    public static AndonEscalation? TryCreate(IReadOnlyList<TimeSpan> steps, out string? error)
    {
        error = null;
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] <= TimeSpan.Zero || (i > 0 && steps[i] <= steps[i - 1]))
            {
                error = $"step {i + 1} ({steps[i]}) must be positive and later than the one before";
                return null;
            }
        }

        return new AndonEscalation(steps);
    }

    /// <summary>The level the call should be at <paramref name="now"/>: steps passed before it was acknowledged.</summary>
    public int LevelAt(DateTimeOffset raisedAt, DateTimeOffset? acknowledgedAt, DateTimeOffset now)
    {
        var until = acknowledgedAt is { } ack && ack < now ? ack : now;
        return Steps.Count(step => raisedAt + step <= until);
    }

    /// <summary>When the call rises next if nobody answers, or null when it is at the top.</summary>
    public DateTimeOffset? NextEscalation(DateTimeOffset raisedAt, int level) =>
        level < Steps.Count ? raisedAt + Steps[level] : null;
}
