using Microsoft.AspNetCore.Http.HttpResults;
using SmartShop.Core.Plant;

namespace SmartShop.Server.Plant;

public static class PlantEndpoints
{
    public static IEndpointRouteBuilder MapPlant(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/plant", GetPlant)
            .WithName("GetPlant")
            .WithTags("Plant")
            .WithSummary("The plant configuration the server runs with")
            .WithDescription(
                "The ISA-95 equipment hierarchy (enterprise, sites, areas, lines, work cells, machines), machine types, "
                + "and per machine its OPC UA endpoint, signal map, ideal cycle times and micro-stop threshold, "
                + "with the source file's SHA-256 and load time.")
            .Produces<PlantResponse>();
        return app;
    }

    private static Ok<PlantResponse> GetPlant(PlantCatalog catalog) => TypedResults.Ok(PlantResponse.From(catalog));
}

public sealed record PlantResponse(
    PlantSourceResponse Source,
    EnterpriseResponse Enterprise,
    IReadOnlyList<MachineTypeResponse> MachineTypes,
    IReadOnlyList<SiteResponse> Sites)
{
    public static PlantResponse From(PlantCatalog catalog)
    {
        var plant = catalog.Plant;
        return new PlantResponse(
            new PlantSourceResponse(catalog.Source.File, catalog.Source.Sha256, catalog.Source.LoadedAt),
            new EnterpriseResponse(plant.Enterprise.Id, plant.Enterprise.Name),
            [.. plant.MachineTypes.Select(t => new MachineTypeResponse(t.Id, t.Name, t.StateModel.Kind.ToString()))],
            [.. plant.Sites.Select(SiteResponse.From)]);
    }
}

/// <param name="File">The plant file as configured.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes.</param>
/// <param name="LoadedAt">When the server loaded the file (UTC).</param>
public sealed record PlantSourceResponse(string File, string Sha256, DateTimeOffset LoadedAt);

public sealed record EnterpriseResponse(string Id, string Name);

/// <param name="StateModel">PackML, MachineryItemState or Custom.</param>
public sealed record MachineTypeResponse(string Id, string Name, string StateModel);

/// <param name="TimeZone">IANA time zone id.</param>
public sealed record SiteResponse(string Id, string Name, string TimeZone, IReadOnlyList<AreaResponse> Areas)
{
    public static SiteResponse From(Site site) =>
        new(site.Id, site.Name, site.TimeZone.Id, [.. site.Areas.Select(AreaResponse.From)]);
}

public sealed record AreaResponse(string Id, string Name, IReadOnlyList<LineResponse> Lines)
{
    public static AreaResponse From(Area area) => new(area.Id, area.Name, [.. area.Lines.Select(LineResponse.From)]);
}

/// <param name="ConstraintMachineId">The line's constraint (key) machine, or null.</param>
/// <param name="Machines">Machines directly on the line, not in a work cell.</param>
public sealed record LineResponse(
    string Id,
    string Name,
    string? ConstraintMachineId,
    IReadOnlyList<WorkCellResponse> WorkCells,
    IReadOnlyList<MachineResponse> Machines)
{
    public static LineResponse From(Line line) => new(
        line.Id,
        line.Name,
        line.ConstraintMachineId,
        [.. line.WorkCells.Select(c => new WorkCellResponse(c.Id, c.Name, [.. c.Machines.Select(MachineResponse.From)]))],
        [.. line.Machines.Select(MachineResponse.From)]);
}

public sealed record WorkCellResponse(string Id, string Name, IReadOnlyList<MachineResponse> Machines);

/// <param name="Type">Machine type id.</param>
/// <param name="Endpoint">OPC UA endpoint URL (opc.tcp://host:port[/path]).</param>
/// <param name="MicroStopThresholdSeconds">Stops shorter than this many seconds are micro-stops.</param>
public sealed record MachineResponse(
    string Id,
    string Name,
    string Type,
    string Endpoint,
    double MicroStopThresholdSeconds,
    IReadOnlyList<IdealCycleTimeResponse> IdealCycleTimes,
    SignalMapResponse Signals)
{
    public static MachineResponse From(MachineDefinition machine) => new(
        machine.Id,
        machine.Name,
        machine.Type.Id,
        machine.Endpoint.Url,
        machine.MicroStopThreshold.TotalSeconds,
        [.. machine.IdealCycleTimes.Select(c => new IdealCycleTimeResponse(c.Product, c.Duration.TotalSeconds))],
        SignalMapResponse.From(machine.Signals));
}

/// <param name="Seconds">Ideal time per unit of the product on this machine, in seconds.</param>
public sealed record IdealCycleTimeResponse(string Product, double Seconds);

/// <summary>Each entry is an OPC UA NodeId string or a browse path, or null when the machine has no such signal.</summary>
/// <param name="EnergyKwh">Cumulative energy meter, in kWh.</param>
/// <param name="CycleTime">Last actual cycle time, in seconds.</param>
public sealed record SignalMapResponse(
    string? State,
    string? GoodCount,
    string? RejectCount,
    string? StopReason,
    string? CycleTime,
    string? EnergyKwh,
    string? JobStart,
    string? JobStop,
    string? Mode,
    string? JobId,
    string? Product,
    string? Starved,
    string? Blocked,
    string? JobControl)
{
    public static SignalMapResponse From(SignalMap s) => new(
        s.State?.Text,
        s.GoodCount?.Text,
        s.RejectCount?.Text,
        s.StopReason?.Text,
        s.CycleTime?.Text,
        s.EnergyKwh?.Text,
        s.JobStart?.Text,
        s.JobStop?.Text,
        s.Mode?.Text,
        s.JobId?.Text,
        s.Product?.Text,
        s.Starved?.Text,
        s.Blocked?.Text,
        s.JobControl?.Text);
}
