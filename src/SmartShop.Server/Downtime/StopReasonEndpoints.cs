using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SmartShop.Core.Downtime;
using SmartShop.Core.Machines;
using SmartShop.Core.Messages;
using SmartShop.Core.Plant;
using SmartShop.Grains;
using SmartShop.Server.Audit;
using SmartShop.Server.Auth;
using SmartShop.Server.Data;
using SmartShop.Server.Hosting;
using SmartShop.Server.Machines;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Downtime;

/// <param name="ReasonId">The full id of a reason offered for the machine's type (GET /api/downtime/reasons?machineId=).</param>
/// <param name="Part">The part of a split stop to classify; may be left out while the stop is not split.</param>
/// <param name="By">Ignored: who classifies is the signed-in user (an API key's name is <c>api:NAME</c>). Still accepted so
/// that clients written before sign-in keep working.</param>
/// <param name="Why">Why: required, at most 500 characters.</param>
/// <param name="Signature">Required when the part's reason was chosen by a person before (a reclassification): re-entered credentials and the meaning.</param>
public sealed record ClassifyStopRequest(string? ReasonId, int? Part, string? By, string? Why, SignatureRequest? Signature = null);

/// <param name="At">The instant to split at, ISO 8601 with an offset, strictly inside one part of an ended stop (kept to the millisecond).</param>
/// <param name="ReasonIdAfter">The reason of the new part from <paramref name="At"/> on; the part before keeps its reason.</param>
/// <param name="By">Ignored: who splits is the signed-in user (an API key's name is <c>api:NAME</c>). Still accepted so
/// that clients written before sign-in keep working.</param>
/// <param name="Why">Why: required, at most 500 characters.</param>
/// <param name="Signature">Required when the part split had a reason chosen by a person (its second half is reclassified).</param>
public sealed record SplitStopRequest(string? At, string? ReasonIdAfter, string? By, string? Why, SignatureRequest? Signature = null);

/// <summary>A stop as recorded, its parts with their effective reasons, and its reason ledger in order.</summary>
/// <param name="End">Null while the stop lasts.</param>
/// <param name="Code">The PLC's stop-reason code.</param>
/// <param name="PlcReason">What the plant file says the code means (the mapped reason's name, or the code's text).</param>
public sealed record StopReasonsResponse(
    string MachineId,
    long StopId,
    DateTimeOffset Start,
    DateTimeOffset? End,
    string State,
    string? OrderId,
    bool MicroStop,
    int? Code,
    string? PlcReason,
    string? PlcReasonId,
    IReadOnlyList<StopPartResponse> Parts,
    IReadOnlyList<ReasonChangeResponse> History);

/// <param name="Seconds">The part's duration so far.</param>
/// <param name="ReasonSource">manual, plc or none.</param>
public sealed record StopPartResponse(
    int Part,
    DateTimeOffset Start,
    DateTimeOffset? End,
    double Seconds,
    string? ReasonId,
    string? Reason,
    IReadOnlyList<string> ReasonPath,
    string ReasonSource,
    string? ClassifiedBy,
    DateTimeOffset? ClassifiedAt);

/// <summary>One ledger entry: who changed which part when, from which reason to which, and why.</summary>
/// <param name="Kind">classify or split.</param>
/// <param name="Part">classify: the part classified; split: the new part, from <paramref name="SplitAt"/> on.</param>
/// <param name="OldSource">Where the old reason came from: manual, plc or none.</param>
public sealed record ReasonChangeResponse(
    int Seq,
    string Kind,
    int Part,
    DateTimeOffset? SplitAt,
    string? OldReasonId,
    string? OldReason,
    string OldSource,
    string NewReasonId,
    string NewReason,
    DateTimeOffset At,
    string By,
    string Why,
    string? SignedBy,
    string? SignatureMeaning);

/// <summary>
/// Classifying and splitting a stop (OEE.md rule 7: each is a new ledger entry with who, when, old -> new and why),
/// and a stop's history. The decision is the Core's (<see cref="StopClassification"/>); here it is loaded, checked
/// and appended as one row, so nothing is half-written.
/// </summary>
internal static class StopReasonEndpoints
{
    private const int MaxWhyLength = 500;

    // Two people changing one stop at the same moment: the second insert collides on (machine, stop, seq) and is
    // decided again on the history that now includes the first. Each round lets at least one writer through.
    private const int MaxAttempts = 10;

    public static async Task<Results<Ok<StopReasonsResponse>, ProblemHttpResult>> GetHistory(
        string machineId, long stopId, PlantCatalog catalog, IDbContextFactory<SmartShopDb> factory, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (catalog.Plant.FindMachine(machineId) is not { } machine)
        {
            return UnknownMachine(machineId);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var stop = await db.DowntimeEvents.AsNoTracking().SingleOrDefaultAsync(e => e.MachineId == machineId && e.StopId == stopId, cancellationToken);
        if (stop is null)
        {
            return UnknownStop(machineId, stopId);
        }

        var history = await ReasonLedger.HistoryAsync(db, machineId, stopId, cancellationToken);
        return TypedResults.Ok(Response(catalog.Plant.DowntimeReasons, machine, stop, history, clock.GetUtcNow()));
    }

    public static async Task<Results<Ok<StopReasonsResponse>, ValidationProblem, ProblemHttpResult>> Classify(
        string machineId, long stopId, ClassifyStopRequest request, PlantCatalog catalog, IDbContextFactory<SmartShopDb> factory,
        IGrainFactory grains, UserAccounts accounts, ResolvedDatabase database, TimeProvider clock, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if (catalog.Plant.FindMachine(machineId) is not { } machine)
        {
            return UnknownMachine(machineId);
        }

        var menu = catalog.Plant.ReasonMenuFor(machineId)!;
        var errors = new Dictionary<string, string[]>();
        CheckReason(errors, "reasonId", request.ReasonId, menu);
        if (request.Part is < 0)
        {
            errors["part"] = [$"{request.Part} is not a part; parts are numbered from 0."];
        }

        var why = CheckWhy(errors, request.Why);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The classification is not valid.");
        }

        var command = new ClassifyStop(request.Part, request.ReasonId!, caller.UserName(), why!);
        var signer = new Signer(request.Signature, caller, accounts);
        return await AppendAsync(machine, stopId, catalog, factory, grains, database, clock, signer, (stop, history, now) => StopClassification.Classify(stop, history, command, menu, now), cancellationToken);
    }

    public static async Task<Results<Ok<StopReasonsResponse>, ValidationProblem, ProblemHttpResult>> Split(
        string machineId, long stopId, SplitStopRequest request, PlantCatalog catalog, IDbContextFactory<SmartShopDb> factory,
        IGrainFactory grains, UserAccounts accounts, ResolvedDatabase database, TimeProvider clock, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if (catalog.Plant.FindMachine(machineId) is not { } machine)
        {
            return UnknownMachine(machineId);
        }

        var menu = catalog.Plant.ReasonMenuFor(machineId)!;
        var errors = new Dictionary<string, string[]>();
        var at = TimeWindow.ParseInstant(request.At);
        if (at is null)
        {
            errors["at"] = [request.At is null
                ? "The instant to split at is required (ISO 8601 with an offset, e.g. 2026-11-22T08:15:00Z)."
                : $"'{request.At}' is not an ISO 8601 instant with an offset (e.g. 2026-11-22T08:15:00Z)."];
        }

        CheckReason(errors, "reasonIdAfter", request.ReasonIdAfter, menu);
        var why = CheckWhy(errors, request.Why);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The split is not valid.");
        }

        // Stops and boundaries are stored to the millisecond.
        var command = new SplitStop(Milliseconds(at!.Value), request.ReasonIdAfter!, caller.UserName(), why!);
        var signer = new Signer(request.Signature, caller, accounts);
        return await AppendAsync(machine, stopId, catalog, factory, grains, database, clock, signer, (stop, history, now) => StopClassification.Split(stop, history, command, menu, now), cancellationToken);
    }

    private static async Task<Results<Ok<StopReasonsResponse>, ValidationProblem, ProblemHttpResult>> AppendAsync(
        MachineDefinition machine,
        long stopId,
        PlantCatalog catalog,
        IDbContextFactory<SmartShopDb> factory,
        IGrainFactory grains,
        ResolvedDatabase database,
        TimeProvider clock,
        Signer signer,
        Func<StopFacts, IReadOnlyList<ReasonChange>, DateTimeOffset, ReasonDecision> decide,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var stop = await db.DowntimeEvents.AsNoTracking().SingleOrDefaultAsync(e => e.MachineId == machine.Id && e.StopId == stopId, cancellationToken);
            if (stop is null)
            {
                return UnknownStop(machine.Id, stopId);
            }

            var history = await ReasonLedger.HistoryAsync(db, machine.Id, stopId, cancellationToken);
            var now = Milliseconds(clock.GetUtcNow());
            var decision = decide(ReasonLedger.Facts(stop, machine), history, now);
            if (decision.Rejection is { } rejection)
            {
                return Reject(rejection);
            }

            var change = decision.Change!;

            // Changing what a person chose is a reclassification: it needs their electronic signature.
            if (change.OldSource == ReasonSource.Manual)
            {
                var (signature, refused) = await signer.SignAsync(cancellationToken);
                if (signature is null)
                {
                    return CodedProblems.Validation(ElectronicSignature.Field, refused!, title: "A reclassification is signed.");
                }

                change = change with { SignedBy = signature.SignedBy, SignatureMeaning = signature.Meaning };
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.DowntimeReasonChanges.Add(ReasonLedger.ToRow(machine.Id, stopId, change));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                await transaction.RollbackAsync(cancellationToken);
                if (!await SequenceTakenAsync(factory, machine.Id, stopId, change.Sequence, cancellationToken))
                {
                    throw;
                }

                continue;
            }

            await new AuditTrail(db, database, clock).AppendAsync(new AuditRecord(
                change.By,
                change.Kind == ReasonChangeKind.Split ? "stop.split" : change.OldSource == ReasonSource.Manual ? "stop.reclassify" : "stop.classify",
                "stop",
                $"{machine.Id}/{stopId}",
                new { part = change.Part, reasonId = change.OldReasonId, source = ReasonView.SourceName(change.OldSource) },
                new { part = change.Part, reasonId = change.NewReasonId, splitAt = change.SplitAt },
                change.Why,
                change.SignedBy is { } signedBy ? new SignatureRecord(signedBy, change.SignatureMeaning!) : null), cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            history.Add(change);
            await grains.GetGrain<IMachineGrain>(machine.Id).StopClassified(stopId);
            return TypedResults.Ok(Response(catalog.Plant.DowntimeReasons, machine, stop, history, clock.GetUtcNow()));
        }
    }

    private static async Task<bool> SequenceTakenAsync(IDbContextFactory<SmartShopDb> factory, string machineId, long stopId, int seq, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.DowntimeReasonChanges.AnyAsync(r => r.MachineId == machineId && r.StopId == stopId && r.Seq == seq, cancellationToken);
    }

    private static StopReasonsResponse Response(DowntimeReasonTree tree, MachineDefinition machine, DowntimeEventRow stop, IReadOnlyList<ReasonChange> history, DateTimeOffset now)
    {
        var facts = ReasonLedger.Facts(stop, machine);
        var plc = stop.PlcCode is { } code ? ReasonView.Of(tree, machine, facts.PlcReasonId, ReasonSource.Plc, code) : null;
        var parts = StopClassification.Parts(facts, history).Select(p =>
        {
            var reason = ReasonView.Of(tree, machine, p.ReasonId, p.Source, stop.PlcCode);
            return new StopPartResponse(
                p.Part, p.Start, p.End, Math.Max(0, p.DurationAt(now).TotalSeconds), reason.Id, reason.Text, reason.Path, reason.Source,
                p.LastChange?.By, p.LastChange?.At);
        }).ToArray();
        var changes = history.Select(c => new ReasonChangeResponse(
            c.Sequence,
            c.Kind == ReasonChangeKind.Split ? ReasonLedger.Split : ReasonLedger.Classify,
            c.Part,
            c.SplitAt,
            c.OldReasonId,
            ReasonView.Of(tree, machine, c.OldReasonId, c.OldSource, stop.PlcCode).Text,
            ReasonView.SourceName(c.OldSource),
            c.NewReasonId,
            ReasonView.Of(tree, machine, c.NewReasonId, ReasonSource.Manual, null).Text!,
            c.At,
            c.By,
            c.Why,
            c.SignedBy,
            c.SignatureMeaning)).ToArray();
        return new StopReasonsResponse(
            machine.Id,
            stop.StopId,
            facts.Start,
            facts.End,
            ((MachineState)stop.State).ToString(),
            stop.OrderId,
            stop.MicroStop,
            stop.PlcCode,
            plc?.Text,
            plc?.Id,
            parts,
            changes);
    }

    private static void CheckReason(Dictionary<string, string[]> errors, string field, string? reasonId, DowntimeReasonMenu menu)
    {
        if (string.IsNullOrWhiteSpace(reasonId))
        {
            errors[field] = ["A reason id is required (the full id, e.g. unplanned.equipment.tooling)."];
        }
        else if (StopClassification.CheckReason(menu, reasonId, field) is { Rejection: { } rejection })
        {
            errors[field] = [rejection.Message];
        }
    }

    private static string? CheckWhy(Dictionary<string, string[]> errors, string? why)
    {
        why = why?.Trim();
        if (string.IsNullOrEmpty(why))
        {
            errors["why"] = ["Why the stop is classified or split is required: it stays in the stop's history."];
        }
        else if (why.Length > MaxWhyLength)
        {
            errors["why"] = [$"The text is {why.Length} characters long; at most {MaxWhyLength} are allowed."];
        }

        return why;
    }

    private static Results<Ok<StopReasonsResponse>, ValidationProblem, ProblemHttpResult> Reject(ReasonRejection rejection) => rejection.Kind switch
    {
        RejectionKind.Invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [rejection.Field] = [rejection.Message] }),
        RejectionKind.NotFound => TypedResults.Problem(title: "Not found", detail: rejection.Message, statusCode: StatusCodes.Status404NotFound,
            extensions: new Dictionary<string, object?> { ["field"] = rejection.Field }),
        _ => TypedResults.Problem(title: "Conflict", detail: rejection.Message, statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["field"] = rejection.Field }),
    };

    private static DateTimeOffset Milliseconds(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    private static ProblemHttpResult UnknownMachine(string machineId) =>
        TypedResults.Problem(title: "Unknown machine", detail: $"No machine with id '{machineId}' is configured in the plant file.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult UnknownStop(string machineId, long stopId) =>
        TypedResults.Problem(title: "Unknown stop", detail: $"Machine '{machineId}' has no recorded stop {stopId}.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>Checks the request's signature once, when a change turns out to need one.</summary>
    private sealed class Signer(SignatureRequest? request, ClaimsPrincipal caller, UserAccounts accounts)
    {
        private (SignatureRecord? Signature, CodedMessage? Refusal)? _result;

        public async Task<(SignatureRecord? Signature, CodedMessage? Refusal)> SignAsync(CancellationToken ct) =>
            _result ??= await ElectronicSignature.VerifyAsync(request, "Stop reason reclassified", caller, accounts, ct);
    }
}
