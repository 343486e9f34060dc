using System.Globalization;

namespace SmartShop.Server.Hosting;

/// <summary>The <c>from</c> / <c>to</c> query parameters of the figure and downtime APIs: ISO 8601 instants with an offset.</summary>
public static class TimeWindow
{
    /// <summary>The longest window a query may ask for.</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(400);

    /// <summary>An ISO 8601 instant that names its offset (Z or ±hh:mm); null otherwise (a local time is ambiguous).</summary>
    public static DateTimeOffset? ParseInstant(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value)
        && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9)
            ? value
            : null;

    /// <summary>The window, or the errors per parameter (for a 400 ValidationProblem) when it is missing, malformed, empty or too long.</summary>
    public static bool TryParse(string? from, string? to, out DateTimeOffset start, out DateTimeOffset end, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var s = ParseInstant(from);
        var e = ParseInstant(to);
        if (s is null)
        {
            errors["from"] = [from is null ? "from is required (an ISO 8601 instant, e.g. 2026-11-22T00:00:00Z)." : $"'{from}' is not an ISO 8601 instant with an offset (e.g. 2026-11-22T00:00:00Z)."];
        }

        if (e is null)
        {
            errors["to"] = [to is null ? "to is required (an ISO 8601 instant, e.g. 2026-11-23T00:00:00Z)." : $"'{to}' is not an ISO 8601 instant with an offset (e.g. 2026-11-23T00:00:00Z)."];
        }

        if (s is { } a && e is { } b)
        {
            if (b <= a)
            {
                errors["to"] = [$"to ({to}) must be after from ({from})."];
            }
            else if (b - a > MaxLength)
            {
                errors["to"] = [$"The window is {(b - a).TotalDays:0} days; at most {MaxLength.TotalDays:0} are allowed."];
            }
        }

        (start, end) = (s ?? default, e ?? default);
        return errors.Count == 0;
    }
}
