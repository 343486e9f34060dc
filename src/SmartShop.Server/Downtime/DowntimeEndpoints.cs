using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartShop.Core.Machines;
using SmartShop.Core.Plant;
using SmartShop.Server.Oee;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Downtime;

/// <summary>A stop of a machine with its reason.</summary>
public sealed record DowntimeEventResponse(
    string MachineId,
    long StopId,
    DateTimeOffset Start,
    DateTimeOffset? End,
    double Seconds,
    string State,
    string? OrderId,
    bool MicroStop,
    int? Code,
    string? Reason);

/// <summary>One bar of the Pareto: the stops of one reason, their count and downtime within the window.</summary>
public sealed record ParetoEntry(string Key, string Reason, int? Code, int Count, double Seconds, int MicroStops);

/// <summary>
/// Downtime events (stops) of a machine, line, area, site or the plant (all machines of the scope, not only the
/// constraint), and the Pareto of their downtime by reason. A reason comes from the PLC's stop-reason code through the
/// plant file's table; a stop without one is "unclassified". Planned downtime is not a loss and is left out of the
/// Pareto (it is in the list).
/// </summary>
public static class DowntimeEndpoints
{
    public const string Unclassified = "unclassified";

    public static IEndpointRouteBuilder MapDowntime(this IEndpointRouteBuilder app)
    {
        var downtime = app.MapGroup("/api/downtime").WithTags("Downtime");
        downtime.MapGet("/{scope}/{id}", List)
            .WithSummary("Stops of a machine, line, area or site (scope: machines, lines, areas, sites; plant: /plant/all) between from and to");
        downtime.MapGet("/pareto/{scope}/{id}", Pareto)
            .WithSummary("Downtime by reason (unplanned stops), largest first");
        return app;
    }

    /// <summary>Every machine of a scope (downtime counts all of them), or null for an unknown id.</summary>
    public static IReadOnlyList<MachineDefinition>? MachinesOf(PlantDefinition plant, string scope, string id) => scope.ToLowerInvariant() switch
    {
        "machines" => plant.FindMachine(id) is { } m ? [m] : null,
        "lines" => plant.FindLine(id)?.AllMachines.ToArray(),
        "areas" => plant.Areas.FirstOrDefault(a => a.Id == id)?.Lines.SelectMany(l => l.AllMachines).ToArray(),
        "sites" => plant.Sites.FirstOrDefault(s => s.Id == id)?.Areas.SelectMany(a => a.Lines).SelectMany(l => l.AllMachines).ToArray(),
        "plant" => [.. plant.Machines],
        _ => null,
    };

    private static async Task<Results<Ok<DowntimeEventResponse[]>, ValidationProblem, ProblemHttpResult>> List(
        string scope, string id, string? from, string? to, PlantCatalog catalog, LedgerStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (events, problem) = await LoadAsync(scope, id, from, to, catalog, store, clock, cancellationToken);
        return problem switch
        {
            ValidationProblem v => v,
            ProblemHttpResult p => p,
            _ => TypedResults.Ok(events!),
        };
    }

    private static async Task<Results<Ok<ParetoEntry[]>, ValidationProblem, ProblemHttpResult>> Pareto(
        string scope, string id, string? from, string? to, PlantCatalog catalog, LedgerStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (events, problem) = await LoadAsync(scope, id, from, to, catalog, store, clock, cancellationToken);
        if (problem is ValidationProblem v)
        {
            return v;
        }

        if (problem is ProblemHttpResult p)
        {
            return p;
        }

        var entries = events!
            .Where(e => e.State != nameof(MachineState.PlannedDown))
            .GroupBy(e => e.Reason ?? Unclassified, StringComparer.Ordinal)
            .Select(g => new ParetoEntry(
                g.Key == Unclassified ? Unclassified : g.Key,
                g.Key,
                g.Select(e => e.Code).Distinct().Count() == 1 ? g.First().Code : null,
                g.Count(),
                g.Sum(e => e.Seconds),
                g.Count(e => e.MicroStop)))
            .OrderByDescending(e => e.Seconds).ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToArray();
        return TypedResults.Ok(entries);
    }

    private static async Task<(DowntimeEventResponse[]? Events, IResult? Problem)> LoadAsync(
        string scope, string id, string? from, string? to, PlantCatalog catalog, LedgerStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var start = ParseInstant(from);
        var end = ParseInstant(to);
        if (start is null)
        {
            errors["from"] = [$"'{from}' is not an ISO 8601 instant with an offset (e.g. 2026-11-22T00:00:00Z)."];
        }

        if (end is null)
        {
            errors["to"] = [$"'{to}' is not an ISO 8601 instant with an offset (e.g. 2026-11-23T00:00:00Z)."];
        }
        else if (start is not null && end <= start)
        {
            errors["to"] = [$"to ({to}) must be after from ({from})."];
        }

        if (scope.ToLowerInvariant() is not ("machines" or "lines" or "areas" or "sites" or "plant"))
        {
            errors["scope"] = [$"'{scope}' is not a scope; expected machines, lines, areas, sites or plant."];
        }

        if (errors.Count > 0)
        {
            return (null, TypedResults.ValidationProblem(errors, title: "The downtime query is not valid."));
        }

        if (MachinesOf(catalog.Plant, scope, id) is not { } machines)
        {
            return (null, TypedResults.Problem(title: "Not found", detail: $"No {scope.TrimEnd('s')} with id '{id}' is configured in the plant file.", statusCode: StatusCodes.Status404NotFound));
        }

        var byId = machines.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var rows = await store.StopsAsync(byId.Keys, start!.Value, end!.Value, cancellationToken);
        var events = rows.Select(r =>
        {
            var s = DateTimeOffset.FromUnixTimeMilliseconds(r.StartMs);
            var e = r.EndMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
            var clippedStart = s < start.Value ? start.Value : s;
            var clippedEnd = e ?? (now < end.Value ? now : end.Value);
            clippedEnd = clippedEnd > end.Value ? end.Value : clippedEnd;
            var seconds = Math.Max(0, (clippedEnd - clippedStart).TotalSeconds);
            var reason = r.PlcCode is { } code ? byId[r.MachineId].StopReasonText(code) ?? $"Code {code.ToString(CultureInfo.InvariantCulture)}" : null;
            return new DowntimeEventResponse(r.MachineId, r.StopId, s, e, seconds, ((MachineState)r.State).ToString(), r.OrderId, r.MicroStop, r.PlcCode, reason);
        }).ToArray();
        return (events, null);
    }

    private static DateTimeOffset? ParseInstant(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value)
        && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9)
            ? value
            : null;
}
