using Microsoft.AspNetCore.Http.HttpResults;
using SmartShop.Core.Downtime;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Downtime;

/// <summary>The reason tree a terminal shows; with a machine, only the part its type offers.</summary>
/// <param name="MachineId">The machine asked for; null for the whole tree.</param>
/// <param name="MachineType">That machine's type id.</param>
public sealed record ReasonTreeResponse(string? MachineId, string? MachineType, IReadOnlyList<ReasonNodeResponse> Reasons);

/// <param name="Id">The full id, e.g. unplanned.material.starved: what classify and split take.</param>
/// <param name="Selectable">False for a node shown only to group the offered reasons below it.</param>
public sealed record ReasonNodeResponse(string Id, string Name, bool Selectable, IReadOnlyList<ReasonNodeResponse> Children)
{
    public static ReasonNodeResponse From(DowntimeReasonChoice choice) =>
        new(choice.Reason.Id, choice.Reason.Name, choice.Selectable, [.. choice.Children.Select(From)]);
}

internal static class ReasonTreeEndpoints
{
    public static Results<Ok<ReasonTreeResponse>, ProblemHttpResult> GetReasons(string? machineId, PlantCatalog catalog)
    {
        var plant = catalog.Plant;
        if (machineId is null)
        {
            var all = plant.DowntimeReasons.MenuFor(null).Choices();
            return TypedResults.Ok(new ReasonTreeResponse(null, null, [.. all.Select(ReasonNodeResponse.From)]));
        }

        if (plant.FindMachine(machineId) is not { } machine)
        {
            return TypedResults.Problem(title: "Unknown machine", detail: $"No machine with id '{machineId}' is configured in the plant file.", statusCode: StatusCodes.Status404NotFound);
        }

        var choices = plant.ReasonMenuFor(machineId)!.Choices();
        return TypedResults.Ok(new ReasonTreeResponse(machine.Id, machine.Type.Id, [.. choices.Select(ReasonNodeResponse.From)]));
    }
}
