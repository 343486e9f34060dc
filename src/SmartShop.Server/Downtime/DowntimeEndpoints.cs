using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartShop.Core.Downtime;
using SmartShop.Core.Machines;
using SmartShop.Core.Plant;
using SmartShop.Grains;
using SmartShop.Server.Auth;
using SmartShop.Server.Data;
using SmartShop.Server.Hosting;
using SmartShop.Server.Machines;
using SmartShop.Server.Oee;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Downtime;

/// <summary>
/// A stop of a machine, or one part of a split stop, with its effective reason: the latest manual classification,
/// else the reason the plant file maps the PLC's stop-reason code to (or the code's text), else none.
/// </summary>
/// <param name="Part">0 for the part starting with the stop; n for the part its n-th split created.</param>
/// <param name="Parts">How many parts the stop has (1 unless split).</param>
/// <param name="Start">The part's start (the stop's start for part 0).</param>
/// <param name="End">The part's end; null while the stop lasts.</param>
/// <param name="Seconds">The part's time inside the query window.</param>
/// <param name="Code">The PLC's stop-reason code of the stop.</param>
/// <param name="Reason">The reason's name, or the PLC code's text; null when unclassified.</param>
/// <param name="ReasonId">The full id in the plant's reason tree; null for a PLC text or unclassified.</param>
/// <param name="ReasonPath">Names from the top of the tree down to the reason.</param>
/// <param name="ReasonSource">manual, plc or none.</param>
/// <param name="ClassifiedBy">Who set a manual reason.</param>
/// <param name="ClassifiedAt">When a manual reason was set.</param>
/// <param name="PlcReason">What the plant file says <paramref name="Code"/> means (its text, or its reason's name), whatever
/// the effective reason: a terminal shows what the PLC said beside what a person chose.</param>
public sealed record DowntimeEventResponse(
    string MachineId,
    long StopId,
    int Part,
    int Parts,
    DateTimeOffset Start,
    DateTimeOffset? End,
    double Seconds,
    string State,
    string? OrderId,
    bool MicroStop,
    int? Code,
    string? Reason,
    string? ReasonId,
    IReadOnlyList<string> ReasonPath,
    string ReasonSource,
    string? ClassifiedBy,
    DateTimeOffset? ClassifiedAt,
    string? PlcReason);

/// <summary>One bar of the Pareto: the stop parts of one reason, their count and downtime within the window.</summary>
/// <param name="Key">The reason id (tree reasons), the PLC code's text (codes without a tree reason), or "unclassified".</param>
/// <param name="Code">The PLC code when every part of a "plc" bar has the same one.</param>
/// <param name="Count">Stop parts (a split stop counts once per part).</param>
/// <param name="ReasonId">The tree reason (rolled up to the asked depth); null for "plc" and "unclassified" bars.</param>
/// <param name="Path">Names from the top of the tree down to the reason.</param>
/// <param name="Kind">reason (from the tree), plc (a code's text only) or unclassified.</param>
public sealed record ParetoEntry(
    string Key,
    string Reason,
    int? Code,
    int Count,
    double Seconds,
    int MicroStops,
    string? ReasonId,
    IReadOnlyList<string> Path,
    string Kind);

/// <summary>The follow-up list: stop parts without any reason that lasted longer than the configured time.</summary>
public sealed record UnclassifiedStopsResponse(double UnclassifiedAfterSeconds, IReadOnlyList<DowntimeEventResponse> Stops);

/// <summary>
/// Downtime events (stops) of a machine, line, area, site or the plant (all machines of the scope, not only the
/// constraint), the Pareto of their downtime by reason, the follow-up list of unclassified stops, the reason tree a
/// terminal offers, and classifying and splitting a stop with its history (StopReasonEndpoints). A split stop is
/// listed once per part, each with its own reason. Planned downtime is not a loss and is left out of the Pareto (it
/// is in the list).
/// </summary>
public static class DowntimeEndpoints
{
    public const string Unclassified = "unclassified";

    public static IEndpointRouteBuilder MapDowntime(this IEndpointRouteBuilder app)
    {
        var downtime = app.MapGroup("/api/downtime").WithTags("Downtime");
        downtime.MapGet("/reasons", ReasonTreeEndpoints.GetReasons)
            .WithSummary("The downtime reason tree; with machineId, the part offered for that machine's type (a terminal's list)");
        downtime.MapGet("/unclassified/{scope}/{id}", ListUnclassified)
            .WithSummary("Stops without a reason that lasted longer than Oee:UnclassifiedAfter, between from and to: the follow-up list");
        downtime.MapGet("/pareto/{scope}/{id}", Pareto)
            .WithSummary("Downtime by reason (unplanned stops), largest first; depth rolls reasons up to that level of the tree");
        downtime.MapGet("/machines/{machineId}/stops/{stopId:long}/history", StopReasonEndpoints.GetHistory)
            .WithSummary("A stop's parts with their reasons, and every classification and split (who, when, old -> new, why)");
        downtime.MapPost("/machines/{machineId}/stops/{stopId:long}/classify", StopReasonEndpoints.Classify)
            .WithSummary("Classify a stop (or one part of a split stop) with a reason offered for the machine's type")
            .RequireAuthorization(Policies.Operate);
        downtime.MapPost("/machines/{machineId}/stops/{stopId:long}/split", StopReasonEndpoints.Split)
            .WithSummary("Split an ended stop at an instant; the part after it gets its own reason")
            .RequireAuthorization(Policies.Operate);
        downtime.MapGet("/{scope}/{id}", List)
            .WithSummary("Stops of a machine, line, area or site (scope: machines, lines, areas, sites; plant: /plant/all) between from and to");
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
        string scope, string id, string? from, string? to, PlantCatalog catalog, LedgerStore store, IDbContextFactory<SmartShopDb> factory,
        IGrainFactory grains, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (parts, problem) = await LoadAsync(scope, id, from, to, null, catalog, store, factory, grains, clock, cancellationToken);
        return problem switch
        {
            ValidationProblem v => v,
            ProblemHttpResult p => p,
            _ => TypedResults.Ok(parts!.Select(p => p.Response).ToArray()),
        };
    }

    private static async Task<Results<Ok<UnclassifiedStopsResponse>, ValidationProblem, ProblemHttpResult>> ListUnclassified(
        string scope, string id, string? from, string? to, PlantCatalog catalog, LedgerStore store, IDbContextFactory<SmartShopDb> factory,
        IOptions<OeeOptions> options, IGrainFactory grains, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (parts, problem) = await LoadAsync(scope, id, from, to, null, catalog, store, factory, grains, clock, cancellationToken);
        if (problem is not null)
        {
            return problem is ValidationProblem v ? v : (ProblemHttpResult)problem;
        }

        var after = options.Value.UnclassifiedAfter;
        var flagged = parts!
            .Where(p => StopClassification.NeedsFollowUp(p.Part, p.Response.MicroStop, p.Now, after))
            .Select(p => p.Response)
            .ToArray();
        return TypedResults.Ok(new UnclassifiedStopsResponse(after.TotalSeconds, flagged));
    }

    private static async Task<Results<Ok<ParetoEntry[]>, ValidationProblem, ProblemHttpResult>> Pareto(
        string scope, string id, string? from, string? to, string? depth, PlantCatalog catalog, LedgerStore store,
        IDbContextFactory<SmartShopDb> factory, IGrainFactory grains, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (parts, problem) = await LoadAsync(scope, id, from, to, depth, catalog, store, factory, grains, clock, cancellationToken);
        if (problem is not null)
        {
            return problem is ValidationProblem v ? v : (ProblemHttpResult)problem;
        }

        var tree = catalog.Plant.DowntimeReasons;
        var level = depth is null ? (int?)null : int.Parse(depth, CultureInfo.InvariantCulture);
        var entries = parts!
            .Select(p => p.Response)
            .Where(e => e.State != nameof(MachineState.PlannedDown))
            .Select(e => (Event: e, Bar: Bar(tree, e, level)))
            .GroupBy(x => x.Bar.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var bar = g.First().Bar;
                var codes = g.Select(x => x.Event.Code).Distinct().ToList();
                return new ParetoEntry(
                    bar.Key,
                    bar.Reason,
                    bar.Kind == "plc" && codes.Count == 1 ? codes[0] : null,
                    g.Count(),
                    g.Sum(x => x.Event.Seconds),
                    g.Count(x => x.Event.MicroStop),
                    bar.ReasonId,
                    bar.Path,
                    bar.Kind);
            })
            .OrderByDescending(e => e.Seconds).ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToArray();
        return TypedResults.Ok(entries);
    }

    private sealed record ParetoBar(string Key, string Reason, string? ReasonId, IReadOnlyList<string> Path, string Kind);

    private static ParetoBar Bar(DowntimeReasonTree tree, DowntimeEventResponse e, int? depth)
    {
        if (e.ReasonId is { } reasonId)
        {
            if (depth is { } level && tree.RollUp(reasonId, level) is { } up)
            {
                return new ParetoBar(up.Id, up.Name, up.Id, [.. tree.PathTo(up.Id).Select(r => r.Name)], "reason");
            }

            return new ParetoBar(reasonId, tree.Find(reasonId)?.Name ?? reasonId, reasonId, e.ReasonPath, "reason");
        }

        // Codes mean different things on different machine types: a code without a tree reason is grouped by its text.
        return e.Reason is { } text
            ? new ParetoBar(text, text, null, [], "plc")
            : new ParetoBar(Unclassified, Unclassified, null, [], Unclassified);
    }

    /// <summary>A part of a stop inside the window, as listed, with the Core part it came from.</summary>
    /// <param name="Now">The machine's own clock now (the PLC's time, which an open stop's length is measured on).</param>
    private sealed record ListedPart(StopPart Part, DowntimeEventResponse Response, DateTimeOffset Now);

    private static async Task<(List<ListedPart>? Parts, IResult? Problem)> LoadAsync(
        string scope, string id, string? from, string? to, string? depth, PlantCatalog catalog, LedgerStore store,
        IDbContextFactory<SmartShopDb> factory, IGrainFactory grains, TimeProvider clock, CancellationToken cancellationToken)
    {
        TimeWindow.TryParse(from, to, out var windowStart, out var windowEnd, out var errors);

        if (scope.ToLowerInvariant() is not ("machines" or "lines" or "areas" or "sites" or "plant"))
        {
            errors["scope"] = [$"'{scope}' is not a scope; expected machines, lines, areas, sites or plant."];
        }

        if (depth is not null && (!int.TryParse(depth, NumberStyles.None, CultureInfo.InvariantCulture, out var level) || level is < 1 or > DowntimeReasonTree.MaxDepth))
        {
            errors["depth"] = [$"'{depth}' is not a level of the reason tree; expected 1 (top level) to {DowntimeReasonTree.MaxDepth}."];
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
        var rows = await store.StopsAsync(byId.Keys, windowStart, windowEnd, cancellationToken);

        // An open stop lasts until the machine's now: the PLC's clock, which may run ahead of ours (a skewed clock, an
        // accelerated simulator), as the stop's start does.
        var machineNow = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var machineId in rows.Where(r => r.EndMs is null).Select(r => r.MachineId).Distinct())
        {
            machineNow[machineId] = await grains.GetGrain<IMachineGrain>(machineId).GetMachineTime();
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var histories = await ReasonLedger.HistoriesAsync(db, rows, cancellationToken);
        var tree = catalog.Plant.DowntimeReasons;
        var listed = new List<ListedPart>();
        foreach (var row in rows)
        {
            var machine = byId[row.MachineId];
            var facts = ReasonLedger.Facts(row, machine);
            var parts = StopClassification.Parts(facts, histories.GetValueOrDefault((row.MachineId, row.StopId)) ?? []);
            var plcReason = row.PlcCode is { } code ? ReasonView.Of(tree, machine, facts.PlcReasonId, ReasonSource.Plc, code).Text : null;
            foreach (var part in parts)
            {
                var partNow = machineNow.GetValueOrDefault(row.MachineId, now);
                var partEnd = part.End ?? partNow;
                if (part.Start >= windowEnd || partEnd <= windowStart)
                {
                    continue;
                }

                var clippedStart = part.Start < windowStart ? windowStart : part.Start;
                var clippedEnd = partEnd > windowEnd ? windowEnd : partEnd;
                var reason = ReasonView.Of(tree, machine, part.ReasonId, part.Source, row.PlcCode);
                listed.Add(new ListedPart(part, new DowntimeEventResponse(
                    row.MachineId,
                    row.StopId,
                    part.Part,
                    parts.Count,
                    part.Start,
                    part.End,
                    Math.Max(0, (clippedEnd - clippedStart).TotalSeconds),
                    ((MachineState)row.State).ToString(),
                    row.OrderId,
                    row.MicroStop,
                    row.PlcCode,
                    reason.Text,
                    reason.Id,
                    reason.Path,
                    reason.Source,
                    part.LastChange?.By,
                    part.LastChange?.At,
                    plcReason), partNow));
            }
        }

        return (listed, null);
    }
}
