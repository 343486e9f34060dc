using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SmartShop.Core.WorkOrders;
using SmartShop.Grains;
using SmartShop.Server.Audit;
using SmartShop.Server.Auth;
using SmartShop.Server.Data;
using SmartShop.Server.Hosting;
using SmartShop.Server.Plant;

namespace SmartShop.Server.WorkOrders;

public static class WorkOrderEndpoints
{
    public static WebApplicationBuilder AddWorkOrders(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<WorkOrderStore>();
        builder.Services.AddSingleton<WorkOrderOutput>();
        builder.Services.AddOptions<WorkOrderOptions>().Bind(builder.Configuration.GetSection(WorkOrderOptions.Section));
        builder.Services.AddHostedService<WorkOrderFollower>();
        return builder;
    }

    public static WebApplication MapWorkOrders(this WebApplication app)
    {
        var orders = app.MapGroup("/api/work-orders").WithTags("Work orders");
        orders.MapPost("/", Create).RequireAuthorization(Policies.Plan)
            .WithSummary("Creates an order (from ERP or a planner). Sending the same order again changes nothing (200); another order under the same number is 409.");
        orders.MapPost("/import", WorkOrderImport.Import).RequireAuthorization(Policies.Plan).DisableAntiforgery()
            .WithSummary("Imports orders from a CSV (text/csv) or JSON (application/json, an array) file: all or nothing; a bad row rejects the file with the row and the reason.");
        orders.MapGet("/", List)
            .WithSummary("Orders, most urgent first, filtered by status and line or machine, each with its progress once released.");
        orders.MapGet("/{id}", Get)
            .WithSummary("An order with its operations, bill of materials, allowed actions and history (with signatures).");
        foreach (var action in Enum.GetValues<WorkOrderAction>())
        {
            var name = WorkOrderLifecycle.Name(action);
            orders.MapPost($"/{{id}}/{name}", (string id, WorkOrderActionRequest? request, WorkOrderStore store, PlantCatalog catalog, UserAccounts accounts, IGrainFactory grains, ClaimsPrincipal caller, CancellationToken ct)
                    => Apply(id, action, request, store, catalog, accounts, grains, caller, ct))
                .RequireAuthorization(PolicyFor(action))
                .WithName($"WorkOrder{action}")
                .WithSummary(SummaryFor(action));
        }

        return app;
    }

    private static string PolicyFor(WorkOrderAction action) => action switch
    {
        WorkOrderAction.Start or WorkOrderAction.Pause or WorkOrderAction.Resume or WorkOrderAction.Complete => Policies.Operate,
        _ => Policies.Plan,
    };

    /// <summary>Actions that need an electronic signature, and what the signature means unless the signer says otherwise.</summary>
    public static string? SignatureMeaning(WorkOrderAction action) => action switch
    {
        WorkOrderAction.Release => "Released for production",
        WorkOrderAction.Close => "Reviewed and closed",
        _ => null,
    };

    private static string SummaryFor(WorkOrderAction action) => action switch
    {
        WorkOrderAction.Release => "Releases the order to production (needs an electronic signature).",
        WorkOrderAction.Start => "Starts production of a released order.",
        WorkOrderAction.Pause => "Pauses a running order.",
        WorkOrderAction.Resume => "Resumes a paused order.",
        WorkOrderAction.Complete => "Ends production of the order.",
        WorkOrderAction.Close => "Closes a completed order; the record becomes final (needs an electronic signature).",
        WorkOrderAction.Cancel => "Cancels an order that has not completed (why is required).",
        _ => action.ToString(),
    };

    private static async Task<Results<Created<WorkOrderResponse>, Ok<WorkOrderResponse>, ValidationProblem, ProblemHttpResult>> Create(
        WorkOrderRequest request, WorkOrderStore store, PlantCatalog catalog, ClaimsPrincipal caller, CancellationToken ct)
    {
        var problems = new List<WorkOrderProblem>();
        var draft = WorkOrderStore.ToDraft(request, problems);
        var spec = draft.Validate(catalog.Plant, out var found);
        problems.AddRange(found);
        if (spec is null || problems.Count > 0)
        {
            return TypedResults.ValidationProblem(Errors(problems));
        }

        var outcome = (await store.CreateAsync([spec], caller.UserName(), $"{WorkOrderStore.EntityType}.create", ct))[0];
        if (outcome == CreateOutcome.Conflict)
        {
            return TypedResults.Problem(
                title: "Order exists",
                detail: $"Order {spec.Id} exists already with different content; orders are not overwritten. Cancel it and use a new number, or send the same content.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var row = (await store.FindAsync(spec.Id, ct))!;
        var response = await store.ToResponseAsync(row, ct);
        return outcome == CreateOutcome.Created
            ? TypedResults.Created($"/api/work-orders/{spec.Id}", response)
            : TypedResults.Ok(response);
    }

    public static Dictionary<string, string[]> Errors(IEnumerable<WorkOrderProblem> problems) =>
        problems.GroupBy(p => p.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);

    private static async Task<Results<Ok<WorkOrderResponse>, ProblemHttpResult>> Get(string id, WorkOrderStore store, IGrainFactory grains, CancellationToken ct)
    {
        var row = await store.FindAsync(id, ct);
        return row is null
            ? TypedResults.Problem(title: "Not found", detail: $"There is no work order '{id}'.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(await store.ToResponseAsync(row, ct, WorkOrderStore.Status(row) == WorkOrderStatus.Created ? null : await grains.GetGrain<IWorkOrderGrain>(id).GetProgress()));
    }

    private static async Task<Results<Ok<IReadOnlyList<WorkOrderSummaryResponse>>, ValidationProblem>> List(
        SmartShopDb db,
        [Description("Comma-separated statuses, e.g. released,running,paused. Default: every status.")] string? status,
        [Description("Only orders with an operation on this line (or on one of its machines).")] string? lineId,
        [Description("Only orders with an operation on this machine or its line.")] string? machineId,
        [Description("At most this many (1-1000, default 200).")] int? limit,
        PlantCatalog catalog,
        WorkOrderOutput output,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var statuses = new List<string>();
        foreach (var word in (status ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<WorkOrderStatus>(word, ignoreCase: true, out var parsed) && !int.TryParse(word, out _))
            {
                statuses.Add(WorkOrderLifecycle.Name(parsed));
            }
            else
            {
                errors["status"] = [$"Unknown status '{word}'; statuses: {string.Join(", ", Enum.GetValues<WorkOrderStatus>().Select(WorkOrderLifecycle.Name))}."];
            }
        }

        if (limit is < 1 or > 1000)
        {
            errors["limit"] = [$"limit {limit} is outside 1-1000."];
        }

        var targets = new List<string>();
        if (lineId is not null)
        {
            if (catalog.Plant.FindLine(lineId) is not { } line)
            {
                errors["lineId"] = [$"There is no line '{lineId}'."];
            }
            else
            {
                targets.Add(line.Id);
                targets.AddRange(line.AllMachines.Select(m => m.Id));
            }
        }

        if (machineId is not null)
        {
            if (catalog.Plant.LocateMachine(machineId) is not { } location)
            {
                errors["machineId"] = [$"There is no machine '{machineId}'."];
            }
            else
            {
                targets.Add(location.Machine.Id);
                targets.Add(location.Line.Id);
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = db.WorkOrders.AsNoTracking().Include(o => o.Operations).AsQueryable();
        if (statuses.Count > 0)
        {
            query = query.Where(o => statuses.Contains(o.Status));
        }

        if (targets.Count > 0)
        {
            query = query.Where(o => o.Operations.Any(op => targets.Contains(op.LineId!) || targets.Contains(op.MachineId!)));
        }

        var rows = await query.OrderBy(o => o.Priority).ThenBy(o => o.DueAtMs == null).ThenBy(o => o.DueAtMs).ThenBy(o => o.Id).Take(limit ?? 200).ToListAsync(ct);

        // Counted as the order's own page counts it (its grain), for the whole page at once; an order that was never
        // released has made nothing (one cancelled before release shows 0, as its page does).
        var counted = await output.CountAsync(
            rows.Where(o => o.ReleasedAtMs is not null).Select(o =>
            {
                var last = o.Operations.MaxBy(op => op.Seq)!;
                return new OrderOutputs(o.Id, WorkOrderOutput.OutputMachines(last.LineId, last.MachineId, catalog.Plant));
            }).ToList(),
            ct);
        return TypedResults.Ok<IReadOnlyList<WorkOrderSummaryResponse>>(rows.Select(o =>
        {
            var progress = WorkOrderStore.Status(o) == WorkOrderStatus.Created ? (OutputCount?)null : counted.GetValueOrDefault(o.Id);
            return new WorkOrderSummaryResponse(
                o.Id,
                o.Product,
                o.Quantity,
                o.Unit,
                o.DueAtMs is { } due ? DateTimeOffset.FromUnixTimeMilliseconds(due) : null,
                o.Priority,
                o.Status,
                o.Operations.OrderBy(op => op.Seq).Select(op => op.MachineId ?? op.LineId!).ToList(),
                progress is { } p ? new WorkOrderCountsResponse(p.Good, p.Scrap, p.Remaining(o.Quantity), p.Percent(o.Quantity)) : null);
        }).ToList());
    }

    private static async Task<Results<Ok<WorkOrderResponse>, ValidationProblem, ProblemHttpResult>> Apply(
        string id, WorkOrderAction action, WorkOrderActionRequest? request, WorkOrderStore store, PlantCatalog catalog, UserAccounts accounts, IGrainFactory grains, ClaimsPrincipal caller, CancellationToken ct)
    {
        var why = string.IsNullOrWhiteSpace(request?.Why) ? null : request.Why.Trim();
        if (why?.Length > 500)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["why"] = ["why is longer than 500 characters."] });
        }

        if (action == WorkOrderAction.Cancel && why is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["why"] = ["Say why the order is cancelled."] });
        }

        var order = await store.FindAsync(id, ct);
        if (order is null)
        {
            return TypedResults.Problem(title: "Not found", detail: $"There is no work order '{id}'.", statusCode: StatusCodes.Status404NotFound);
        }

        if (request?.Version is { } seen && seen != order.Version)
        {
            return Changed(id);
        }

        var transition = WorkOrderLifecycle.Decide(WorkOrderStore.Status(order), action);
        if (!transition.Allowed)
        {
            return TypedResults.Problem(title: "Not allowed now", detail: $"Order {id}: {transition.Refusal}", statusCode: StatusCodes.Status409Conflict);
        }

        if (action == WorkOrderAction.Release)
        {
            // The plant file may have changed since the order arrived: a line that is gone cannot run it.
            var recheck = new WorkOrderDraft(order.Id, order.Product, order.Quantity, order.Unit, null, order.Priority, null,
                order.Operations.Select(o => new OperationDraft(o.Seq, o.Name, o.LineId, o.MachineId)).ToList(), null);
            if (recheck.Validate(catalog.Plant, out var problems) is null)
            {
                return TypedResults.Problem(
                    title: "Cannot release",
                    detail: $"Order {id} no longer fits the plant: {string.Join(" ", problems.Select(p => p.Message))}",
                    statusCode: StatusCodes.Status409Conflict);
            }
        }

        SignatureRecord? signature = null;
        if (SignatureMeaning(action) is { } meaning)
        {
            var (signed, refused) = await ElectronicSignature.VerifyAsync(request?.Signature, meaning, caller, accounts, ct);
            if (signed is null)
            {
                return CodedProblems.Validation(ElectronicSignature.Field, refused!);
            }

            signature = signed;
        }

        // The machines first: an order is released only when its jobs are on the machines, and paused only when
        // they hold. Completing or cancelling goes ahead whatever a machine answers (the answers are kept).
        var spec = WorkOrderStore.ToSpec(order);
        var grain = grains.GetGrain<IWorkOrderGrain>(id);
        DispatchResult? dispatch = null;
        if (action != WorkOrderAction.Close)
        {
            dispatch = await grain.Dispatch(action, spec);
            if (dispatch.Blocking)
            {
                if (action == WorkOrderAction.Release)
                {
                    await grain.Withdraw(spec, dispatch.Machines.Where(m => m.Accepted && m.Sent).Select(m => m.MachineId).ToList());
                }

                return TypedResults.Problem(
                    title: "The machines did not take it",
                    detail: $"Order {id} was not {WorkOrderLifecycle.Name(action)}d: " +
                        string.Join("; ", dispatch.Machines.Where(m => !m.Accepted).Select(m => $"{m.MachineId}: {m.Message}")) + ". Nothing was changed.",
                    statusCode: StatusCodes.Status409Conflict,
                    extensions: new Dictionary<string, object?> { ["machines"] = dispatch.Machines });
            }
        }

        if (!await store.TransitionAsync(order, action, transition.To!.Value, caller.UserName(), why, signature, ct, dispatch?.Machines))
        {
            return Changed(id);
        }

        return TypedResults.Ok(await store.ToResponseAsync((await store.FindAsync(id, ct))!, ct, await grain.GetProgress()));
    }

    private static ProblemHttpResult Changed(string id) => TypedResults.Problem(
        title: "Changed meanwhile",
        detail: $"Order {id} was changed by someone else since you read it; reload it and decide again.",
        statusCode: StatusCodes.Status409Conflict);
}
