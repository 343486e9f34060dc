using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartShop.Core.Andon;
using SmartShop.Server.Audit;
using SmartShop.Server.Auth;
using SmartShop.Server.Dashboard;
using SmartShop.Server.Data;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Andon;

/// <param name="Station">The machine or line calling.</param>
/// <param name="Kind">maintenance, quality or material.</param>
public sealed record RaiseAndonRequest(string? Station, string? Kind, string? Note);

public sealed record CloseAndonRequest(string? Resolution);

/// <param name="Level">0 as raised; 1, 2, ... each time it escalated while nobody acknowledged.</param>
/// <param name="EscalatedTo">Who the level reaches (supervisor, manager), null at level 0.</param>
/// <param name="NextEscalationAt">When it rises next if nobody acknowledges.</param>
public sealed record AndonCallResponse(
    long Id,
    string Station,
    string Kind,
    string? Note,
    string Status,
    int Level,
    string? EscalatedTo,
    DateTimeOffset RaisedAt,
    string RaisedBy,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? ClosedAt,
    string? ClosedBy,
    string? Resolution,
    DateTimeOffset? NextEscalationAt);

/// <summary>Andon escalation times (<c>Andon:EscalateAfter</c>: time from raising to each level; default 5 and 15 minutes).</summary>
public sealed class AndonOptions
{
    public const string Section = "Andon";

    public List<TimeSpan> EscalateAfter { get; set; } = [];

    /// <summary>How often open calls are checked for escalation (default 10 s).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    public AndonEscalation Escalation => EscalateAfter.Count == 0 ? AndonEscalation.Default : AndonEscalation.TryCreate(EscalateAfter, out _)!;
}

/// <summary>
/// Andon: a station calls maintenance, quality or material; someone acknowledges (on the way) and closes it (with what
/// was done); while nobody acknowledges, the call escalates level by level. Every change is pushed to every view and
/// written to the audit trail.
/// </summary>
public static class AndonEndpoints
{
    public const string EntityType = "andon";

    public static WebApplicationBuilder AddAndon(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(AndonOptions.Section);
        var steps = section.Get<AndonOptions>()?.EscalateAfter ?? [];
        if (steps.Count > 0 && AndonEscalation.TryCreate(steps, out var error) is null)
        {
            throw new Hosting.SettingException($"{AndonOptions.Section}:EscalateAfter: {error}.");
        }

        builder.Services.Configure<AndonOptions>(section);
        builder.Services.AddHostedService<AndonEscalator>();
        return builder;
    }

    public static WebApplication MapAndon(this WebApplication app)
    {
        var andon = app.MapGroup("/api/andon").WithTags("Andon");
        andon.MapPost("/", Raise).RequireAuthorization(Policies.Verdict).WithSummary("A station calls maintenance, quality or material.");
        andon.MapGet("/", List).WithSummary("Calls, open and acknowledged first, filtered by station and status.");
        andon.MapPost("/{id:long}/acknowledge", Acknowledge).WithSummary("Someone takes the call (it stops escalating).");
        andon.MapPost("/{id:long}/close", Close).WithSummary("The call is dealt with; say what was done.");
        return app;
    }

    public static AndonCallResponse ToResponse(AndonCallRow c, AndonEscalation escalation)
    {
        static DateTimeOffset? At(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
        var raised = DateTimeOffset.FromUnixTimeMilliseconds(c.RaisedAtMs);
        return new AndonCallResponse(
            c.Id, c.Station, c.Kind, c.Note, c.Status, c.Level,
            c.Level == 0 ? null : AndonEscalation.Audience[Math.Min(c.Level, AndonEscalation.Audience.Count) - 1],
            raised, c.RaisedBy, At(c.AcknowledgedAtMs), c.AcknowledgedBy, At(c.ClosedAtMs), c.ClosedBy, c.Resolution,
            c.Status == "open" ? escalation.NextEscalation(raised, c.Level) : null);
    }

    private static async Task<Results<Created<AndonCallResponse>, ValidationProblem>> Raise(
        RaiseAndonRequest request, SmartShopDb db, AuditTrail audit, PlantCatalog catalog, IHubContext<PlantHub, IPlantClient> hub,
        IOptions<AndonOptions> options, TimeProvider clock, ClaimsPrincipal caller, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var station = request.Station?.Trim();
        if (station is null || (catalog.Plant.FindMachine(station) is null && catalog.Plant.FindLine(station) is null))
        {
            errors["station"] = [station is null ? "The station (machine or line) is required." : $"There is no machine or line '{station}'."];
        }

        var kind = request.Kind?.Trim().ToLowerInvariant();
        if (!Enum.TryParse<AndonKind>(kind, ignoreCase: true, out _) || int.TryParse(kind, out _))
        {
            errors["kind"] = ["The call is for maintenance, quality or material."];
        }

        if (request.Note?.Length > 500)
        {
            errors["note"] = ["The note has at most 500 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var call = new AndonCallRow
        {
            Station = station!,
            Kind = kind!,
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
            Status = "open",
            RaisedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            RaisedBy = caller.UserName(),
        };
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.AndonCalls.Add(call);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(new AuditRecord(caller.UserName(), "andon.raise", EntityType, call.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, new { call.Station, call.Kind, call.Note }), ct);
            await tx.CommitAsync(ct);
        }

        var response = ToResponse(call, options.Value.Escalation);
        await hub.Clients.All.AndonChanged(response);
        return TypedResults.Created($"/api/andon/{call.Id}", response);
    }

    private static async Task<Results<Ok<IReadOnlyList<AndonCallResponse>>, ValidationProblem>> List(
        SmartShopDb db, IOptions<AndonOptions> options, string? station, string? status, int? limit, CancellationToken ct)
    {
        var statuses = (status ?? "open,acknowledged").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).ToList();
        if (statuses.Any(s => s is not ("open" or "acknowledged" or "closed")))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Statuses: open, acknowledged, closed (comma-separated)."] });
        }

        var query = db.AndonCalls.AsNoTracking().Where(c => statuses.Contains(c.Status));
        if (station is not null)
        {
            query = query.Where(c => c.Station == station);
        }

        var calls = await query.OrderBy(c => c.Status == "closed").ThenByDescending(c => c.Level).ThenBy(c => c.RaisedAtMs).Take(Math.Clamp(limit ?? 100, 1, 1000)).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<AndonCallResponse>>(calls.Select(c => ToResponse(c, options.Value.Escalation)).ToList());
    }

    private static Task<Results<Ok<AndonCallResponse>, ValidationProblem, ProblemHttpResult>> Acknowledge(
        long id, SmartShopDb db, AuditTrail audit, IHubContext<PlantHub, IPlantClient> hub, IOptions<AndonOptions> options, TimeProvider clock, ClaimsPrincipal caller, CancellationToken ct) =>
        ChangeAsync(id, "open", "acknowledged", null, db, audit, hub, options, clock, caller, ct);

    private static async Task<Results<Ok<AndonCallResponse>, ValidationProblem, ProblemHttpResult>> Close(
        long id, CloseAndonRequest request, SmartShopDb db, AuditTrail audit, IHubContext<PlantHub, IPlantClient> hub, IOptions<AndonOptions> options, TimeProvider clock, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Resolution) || request.Resolution.Length > 500)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["resolution"] = ["Say what was done (at most 500 characters)."] });
        }

        return await ChangeAsync(id, null, "closed", request.Resolution.Trim(), db, audit, hub, options, clock, caller, ct);
    }

    private static async Task<Results<Ok<AndonCallResponse>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        long id, string? from, string to, string? resolution, SmartShopDb db, AuditTrail audit, IHubContext<PlantHub, IPlantClient> hub,
        IOptions<AndonOptions> options, TimeProvider clock, ClaimsPrincipal caller, CancellationToken ct)
    {
        var call = await db.AndonCalls.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (call is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no andon call {id}.", statusCode: StatusCodes.Status404NotFound);
        }

        if (call.Status == "closed" || (from is not null && call.Status != from))
        {
            return TypedResults.Problem(title: "Not now", detail: $"Call {id} is {call.Status}{(call.AcknowledgedBy is { } by && call.Status != "closed" ? $" by {by}" : string.Empty)}.", statusCode: StatusCodes.Status409Conflict);
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var before = call.Status;
        call.Status = to;
        if (to == "acknowledged" || call.AcknowledgedAtMs is null)
        {
            call.AcknowledgedAtMs ??= now;
            call.AcknowledgedBy ??= caller.UserName();
        }

        if (to == "closed")
        {
            call.ClosedAtMs = now;
            call.ClosedBy = caller.UserName();
            call.Resolution = resolution;
        }

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(new AuditRecord(caller.UserName(), to == "closed" ? "andon.close" : "andon.acknowledge", EntityType, id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new { status = before }, new { status = to }, resolution), ct);
            await tx.CommitAsync(ct);
        }

        var response = ToResponse(call, options.Value.Escalation);
        await hub.Clients.All.AndonChanged(response);
        return TypedResults.Ok(response);
    }
}

/// <summary>Raises the level of open calls whose escalation time has come; pushes and audits each step.</summary>
public sealed class AndonEscalator(IServiceScopeFactory scopes, IHubContext<PlantHub, IPlantClient> hub, IOptions<AndonOptions> options, TimeProvider clock, ILogger<AndonEscalator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.CheckInterval, clock, stoppingToken);
                await EscalateAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Andon escalation failed; trying again next round");
            }
        }
    }

    public async Task EscalateAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartShopDb>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var escalation = options.Value.Escalation;
        var now = clock.GetUtcNow();
        foreach (var call in await db.AndonCalls.Where(c => c.Status == "open").ToListAsync(ct))
        {
            var level = escalation.LevelAt(DateTimeOffset.FromUnixTimeMilliseconds(call.RaisedAtMs), null, now);
            if (level <= call.Level)
            {
                continue;
            }

            var before = call.Level;
            call.Level = level;
            call.EscalatedAtMs = now.ToUnixTimeMilliseconds();
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(new AuditRecord("system", "andon.escalate", AndonEndpoints.EntityType, call.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    new { level = before }, new { level }, $"nobody acknowledged within {escalation.Steps[level - 1]}"), ct);
                await tx.CommitAsync(ct);
            }

            await hub.Clients.All.AndonChanged(AndonEndpoints.ToResponse(call, escalation));
        }
    }
}
