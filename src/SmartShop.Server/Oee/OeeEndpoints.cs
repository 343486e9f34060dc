using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartShop.Core.Oee;
using SmartShop.Grains;
using SmartShop.Server.Hosting;
using SmartShop.Server.Lines;
using SmartShop.Server.Machines;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Oee;

/// <summary>A machine's live figure for its current shift.</summary>
public sealed record MachineLiveResponse(
    MachineStatusResponse Status,
    long? StopId,
    string? OrderId,
    string? ProductId,
    double? IdealCycleSeconds,
    string? ShiftId,
    string ProductionDay,
    DateTimeOffset ShiftStart,
    DateTimeOffset ShiftEnd,
    OeeFigure Figure,
    DateTimeOffset? LastCountAt,
    double? LastCycleSeconds,
    double? EnergyKwh)
{
    public static MachineLiveResponse From(MachineLive live) => new(
        MachineStatusResponse.From(live.Status),
        live.StopId,
        live.Job?.OrderId,
        live.Job?.ProductId,
        live.Job?.IdealCycleTime?.TotalSeconds,
        live.ShiftId,
        live.ProductionDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        live.ShiftStart,
        live.ShiftEnd,
        OeeFigure.From(live.Totals, live.Health.ClockSkew, live.Health.Issues.Contains(DataHealthIssue.StaleCounter), live.Health.UnclassifiedStops),
        live.LastCountAt,
        live.LastCycleTime,
        live.EnergyKwh);
}

/// <summary>A line's live figure: counted at its constraint machine, with every machine's own.</summary>
public sealed record LineLiveResponse(string LineId, string? ConstraintMachineId, OeeFigure Figure, IReadOnlyList<MachineLiveResponse> Machines);

/// <summary>An area's, site's or the plant's live figure: the sum of its lines' (each at its constraint), with each line's.</summary>
public sealed record ScopeLiveResponse(string Scope, string Id, OeeFigure Figure, IReadOnlyList<LineLiveResponse> Lines);

/// <summary>One interval of a machine's state timeline.</summary>
public sealed record TimelineEntry(DateTimeOffset Start, DateTimeOffset End, string State, string Element, bool MicroStop, string? ShiftId, string? OrderId, string? ProductId, long Good, long Scrap);

public static class OeeEndpoints
{
    public static IEndpointRouteBuilder MapOee(this IEndpointRouteBuilder app)
    {
        var oee = app.MapGroup("/api").WithTags("OEE");
        oee.MapGet("/machines/{machineId}/live", MachineLive)
            .WithSummary("A machine's state and OEE for its current shift, live (unsettled time included)");
        oee.MapGet("/lines/{lineId}/live", LineLive)
            .WithSummary("A line's OEE for the current shift (at its constraint machine), with each machine's");
        oee.MapGet("/areas/{areaId}/live", AreaLive)
            .WithSummary("An area's OEE for the current shift: its lines' elements and quantities summed, then divided");
        oee.MapGet("/plant/live", PlantLive)
            .WithSummary("The plant's OEE for the current shift: every line's elements and quantities summed, then divided");
        oee.MapGet("/machines/{machineId}/timeline", Timeline)
            .WithSummary("A machine's state timeline (settled intervals) between from and to");
        oee.MapGet("/oee/{scope}/{id}", History)
            .WithSummary("OEE history of a machine, line, area or site (scope: machines, lines, areas, sites; plant: /oee/plant/all)")
            .WithDescription("from and to are ISO 8601 instants (at most 400 days apart); groupBy is none, shift, day, week, product, order or machine; format=csv gives CSV.");
        return app;
    }

    private static async Task<Results<Ok<MachineLiveResponse>, ProblemHttpResult>> MachineLive(string machineId, PlantCatalog catalog, IGrainFactory grains)
    {
        if (catalog.Plant.FindMachine(machineId) is null)
        {
            return NotFound("machine", machineId);
        }

        return TypedResults.Ok(MachineLiveResponse.From(await grains.GetGrain<IMachineGrain>(machineId).GetLive()));
    }

    private static async Task<Results<Ok<LineLiveResponse>, ProblemHttpResult>> LineLive(string lineId, PlantCatalog catalog, IGrainFactory grains)
    {
        if (catalog.Plant.FindLine(lineId) is not { } line)
        {
            return NotFound("line", lineId);
        }

        return TypedResults.Ok(await LineLiveAsync(line, grains));
    }

    private static async Task<Results<Ok<ScopeLiveResponse>, ProblemHttpResult>> AreaLive(string areaId, PlantCatalog catalog, IGrainFactory grains)
    {
        if (catalog.Plant.Areas.FirstOrDefault(a => a.Id == areaId) is not { } area)
        {
            return NotFound("area", areaId);
        }

        return TypedResults.Ok(await ScopeLiveAsync("area", area.Id, area.Lines, grains));
    }

    private static async Task<Ok<ScopeLiveResponse>> PlantLive(PlantCatalog catalog, IGrainFactory grains) =>
        TypedResults.Ok(await ScopeLiveAsync("plant", catalog.Plant.Enterprise.Id, [.. catalog.Plant.Lines], grains));

    private static async Task<ScopeLiveResponse> ScopeLiveAsync(string scope, string id, IReadOnlyList<Core.Plant.Line> lines, IGrainFactory grains)
    {
        var lineLives = new List<LineLiveResponse>();
        var totals = OeeTotals.Empty;
        foreach (var line in lines)
        {
            var live = await grains.GetGrain<ILineGrain>(line.Id).GetLive();
            lineLives.Add(live.Response);
            totals = totals.Add(live.Totals);
        }

        return new ScopeLiveResponse(scope, id, OeeFigure.From(totals), lineLives);
    }

    /// <summary>A line's live figure, from its grain.</summary>
    public static async Task<LineLiveResponse> LineLiveAsync(Core.Plant.Line line, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(grains);
        return (await grains.GetGrain<ILineGrain>(line.Id).GetLive()).Response;
    }

    private static async Task<Results<Ok<TimelineEntry[]>, ValidationProblem, ProblemHttpResult>> Timeline(
        string machineId, string? from, string? to, PlantCatalog catalog, LedgerStore store, CancellationToken cancellationToken)
    {
        if (catalog.Plant.FindMachine(machineId) is null)
        {
            return NotFound("machine", machineId);
        }

        if (!TimeWindow.TryParse(from, to, out var start, out var end, out var windowErrors))
        {
            return TypedResults.ValidationProblem(windowErrors, title: "The time window is not valid.");
        }

        var intervals = await store.IntervalsAsync([machineId], start, end, cancellationToken);
        return TypedResults.Ok(intervals.Select(i => new TimelineEntry(
            i.Start, i.End, i.State.ToString(), i.Element.ToString(), i.MicroStop, i.ShiftId, i.OrderId, i.ProductId, i.Good, i.Scrap)).ToArray());
    }

    private static async Task<IResult> History(
        string scope, string id, string? from, string? to, string? groupBy, string? format, OeeQueries queries, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        OeeScope? parsedScope = scope.ToLowerInvariant() switch
        {
            "machines" => OeeScope.Machine,
            "lines" => OeeScope.Line,
            "areas" => OeeScope.Area,
            "sites" => OeeScope.Site,
            "plant" => OeeScope.Plant,
            _ => null,
        };
        if (parsedScope is null)
        {
            errors["scope"] = [$"'{scope}' is not a scope; expected machines, lines, areas, sites or plant."];
        }

        if (!Enum.TryParse<OeeGrouping>(groupBy ?? "none", ignoreCase: true, out var grouping) || !Enum.IsDefined(grouping) || int.TryParse(groupBy, out _))
        {
            errors["groupBy"] = [$"'{groupBy}' is not a grouping; expected none, shift, day, week, product, order or machine."];
        }

        if (format is not null and not "json" and not "csv")
        {
            errors["format"] = [$"'{format}' is not a format; expected json or csv."];
        }

        if (!TimeWindow.TryParse(from, to, out var start, out var end, out var windowErrors))
        {
            foreach (var (key, value) in windowErrors)
            {
                errors[key] = value;
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The OEE query is not valid.");
        }

        var history = await queries.HistoryAsync(parsedScope!.Value, id, start, end, grouping, cancellationToken);
        if (history is null)
        {
            return NotFound(scope.TrimEnd('s'), id);
        }

        if (format != "csv")
        {
            return TypedResults.Ok(history);
        }

        var csv = new StringBuilder();
        csv.Append("key,production_day,shift_id,product_id,order_id,machine_id,").AppendLine(OeeFigure.CsvHeader);
        foreach (var g in history.Groups)
        {
            csv.Append(Csv(g.Key)).Append(',').Append(Csv(g.ProductionDay)).Append(',').Append(Csv(g.ShiftId)).Append(',')
                .Append(Csv(g.ProductId)).Append(',').Append(Csv(g.OrderId)).Append(',').Append(Csv(g.MachineId)).Append(',')
                .AppendLine(g.Figure.CsvValues());
        }

        return TypedResults.Text(csv.ToString(), "text/csv; charset=utf-8");
    }

    private static string Csv(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    private static ProblemHttpResult NotFound(string kind, string id) =>
        TypedResults.Problem(title: $"Unknown {kind}", detail: $"No {kind} with id '{id}' is configured in the plant file.", statusCode: StatusCodes.Status404NotFound);
}
