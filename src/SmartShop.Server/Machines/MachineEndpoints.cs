using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartShop.Core.Machines;
using SmartShop.Grains;
using SmartShop.Server.Auth;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Machines;

public sealed record MachineStatusResponse(string MachineId, string State, DateTimeOffset Since, string? Reason, string Source)
{
    public static MachineStatusResponse From(MachineStatus s) =>
        new(s.MachineId, s.State.ToString(), s.Since, s.Reason, s.Source.ToString().ToLowerInvariant());
}

/// <param name="State">One of Unknown, Running, Idle, Setup, Down, PlannedDown, Disconnected.</param>
/// <param name="Reason">Optional free text, at most 200 characters.</param>
public sealed record ReportMachineStateRequest(string? State, string? Reason);

public static class MachineEndpoints
{
    private const int MaxReasonLength = 200;

    public static IEndpointRouteBuilder MapMachines(this IEndpointRouteBuilder app)
    {
        var machines = app.MapGroup("/api/machines").WithTags("Machines");
        machines.MapGet("/status", ListStatus)
            .WithSummary("Current state of every machine in the plant");
        machines.MapGet("/{machineId}/status", GetStatus)
            .WithSummary("Current state of one machine");
        machines.MapPut("/{machineId}/status", ReportState)
            .WithSummary("Report a machine's state by hand (machines without a PLC connection)")
            .RequireAuthorization(Policies.Operate);
        return app;
    }

    private static async Task<Ok<MachineStatusResponse[]>> ListStatus(PlantCatalog catalog, IGrainFactory grains)
    {
        var statuses = await Task.WhenAll(catalog.Plant.Machines.Select(m => grains.GetGrain<IMachineGrain>(m.Id).GetStatus()));
        return TypedResults.Ok(statuses.Select(MachineStatusResponse.From).ToArray());
    }

    private static async Task<Results<Ok<MachineStatusResponse>, ProblemHttpResult>> GetStatus(
        string machineId, PlantCatalog catalog, IGrainFactory grains)
    {
        if (catalog.Plant.FindMachine(machineId) is null)
        {
            return UnknownMachine(machineId);
        }

        var status = await grains.GetGrain<IMachineGrain>(machineId).GetStatus();
        return TypedResults.Ok(MachineStatusResponse.From(status));
    }

    private static async Task<Results<Ok<MachineStatusResponse>, ValidationProblem, ProblemHttpResult>> ReportState(
        string machineId, ReportMachineStateRequest request, PlantCatalog catalog, IGrainFactory grains, ClaimsPrincipal caller)
    {
        if (catalog.Plant.FindMachine(machineId) is null)
        {
            return UnknownMachine(machineId);
        }

        var errors = new Dictionary<string, string[]>();
        if (!TryParseState(request.State, out var state))
        {
            errors["state"] = [$"'{request.State}' is not a machine state; expected one of {string.Join(", ", Enum.GetNames<MachineState>())}."];
        }

        if (request.Reason is { Length: > MaxReasonLength })
        {
            errors["reason"] = [$"The reason is {request.Reason.Length} characters long; at most {MaxReasonLength} are allowed."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The state report is not valid.");
        }

        // The grain writes the report and its audit entry in one transaction.
        var status = await grains.GetGrain<IMachineGrain>(machineId).ReportState(new ReportMachineState(state, request.Reason, caller.UserName()));
        return TypedResults.Ok(MachineStatusResponse.From(status));
    }

    private static bool TryParseState(string? text, out MachineState state)
    {
        state = default;
        return !string.IsNullOrWhiteSpace(text)
            && !int.TryParse(text, out _)
            && Enum.TryParse(text, ignoreCase: true, out state)
            && Enum.IsDefined(state);
    }

    private static ProblemHttpResult UnknownMachine(string machineId) =>
        TypedResults.Problem(
            title: "Unknown machine",
            detail: $"No machine with id '{machineId}' is configured in the plant file.",
            statusCode: StatusCodes.Status404NotFound);
}
