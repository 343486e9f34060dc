using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SmartShop.Core.Audit;
using SmartShop.Server.Auth;
using SmartShop.Server.Data;
using SmartShop.Server.Hosting;

namespace SmartShop.Server.Audit;

/// <param name="At">When the change was made.</param>
/// <param name="Old">The record before (JSON text), null for a creation.</param>
/// <param name="New">The record after (JSON text).</param>
/// <param name="SignedBy">Who signed, for a signed action.</param>
/// <param name="SignatureMeaning">What the signature means.</param>
public sealed record AuditEntryResponse(
    long Seq,
    DateTimeOffset At,
    string UserName,
    string Action,
    string EntityType,
    string EntityId,
    string? Old,
    string? New,
    string? Why,
    string? SignedBy,
    string? SignatureMeaning,
    string Hash);

/// <param name="Intact">True when every entry checks out.</param>
/// <param name="Entries">How many entries were checked.</param>
/// <param name="HeadSeq">The last entry's number: compare it (and <paramref name="HeadHash"/>) with an earlier reading or a copy to notice a truncated tail, which a chain alone cannot show.</param>
/// <param name="FirstBreak">The first broken link, or null.</param>
public sealed record AuditVerifyResponse(bool Intact, long Entries, long HeadSeq, string HeadHash, AuditBreakResponse? FirstBreak);

public sealed record AuditBreakResponse(long Seq, string Problem);

public static class AuditEndpoints
{
    private const int VerifyPage = 5_000;

    public static WebApplication MapAudit(this WebApplication app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.Quality);
        audit.MapGet("/", List)
            .WithSummary("Audit-trail entries, newest first, filtered by record, user and time.");
        audit.MapGet("/verify", Verify)
            .WithSummary("Recomputes the hash chain and reports the first broken link.");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEntryResponse>>, ValidationProblem>> List(
        SmartShopDb db,
        [Description("Record kind, e.g. work-order.")] string? entityType,
        [Description("Record id; needs entityType.")] string? entityId,
        [Description("Only this user's changes.")] string? user,
        string? from,
        string? to,
        [Description("At most this many entries (1-1000, default 200).")] int? limit,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var fromAt = TimeWindow.ParseInstant(from);
        var toAt = TimeWindow.ParseInstant(to);
        if (from is not null && fromAt is null)
        {
            errors["from"] = [$"'{from}' is not an ISO 8601 instant with an offset (e.g. 2026-11-22T00:00:00Z)."];
        }

        if (to is not null && toAt is null)
        {
            errors["to"] = [$"'{to}' is not an ISO 8601 instant with an offset (e.g. 2026-11-23T00:00:00Z)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (limit is < 1 or > 1000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit {limit} is outside 1-1000."] });
        }

        if (entityId is not null && entityType is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["entityId"] = ["entityId needs entityType."] });
        }

        var fromMs = fromAt?.ToUnixTimeMilliseconds() ?? long.MinValue;
        var toMs = toAt?.ToUnixTimeMilliseconds() ?? long.MaxValue;
        var query = db.AuditEntries.AsNoTracking().Where(e => e.AtMs >= fromMs && e.AtMs < toMs);
        if (entityType is not null)
        {
            query = query.Where(e => e.EntityType == entityType);
        }

        if (entityId is not null)
        {
            query = query.Where(e => e.EntityId == entityId);
        }

        if (user is not null)
        {
            var name = user.Trim().ToLowerInvariant();
            query = query.Where(e => e.UserName == name);
        }

        var rows = await query.OrderByDescending(e => e.Seq).Take(limit ?? 200).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<AuditEntryResponse>>(rows.Select(ToResponse).ToList());
    }

    public static AuditEntryResponse ToResponse(AuditEntryRow e) => new(
        e.Seq, DateTimeOffset.FromUnixTimeMilliseconds(e.AtMs), e.UserName, e.Action, e.EntityType, e.EntityId,
        e.OldValue, e.NewValue, e.Why, e.SignedBy, e.SignatureMeaning, e.Hash);

    private static async Task<Ok<AuditVerifyResponse>> Verify(SmartShopDb db, CancellationToken ct)
    {
        long checkedCount = 0;
        long nextSeq = 1;
        var previous = AuditChain.Genesis;
        while (true)
        {
            var after = nextSeq - 1;
            var page = await db.AuditEntries.AsNoTracking().Where(e => e.Seq > after).OrderBy(e => e.Seq).Take(VerifyPage).ToListAsync(ct);
            if (page.Count == 0)
            {
                return TypedResults.Ok(new AuditVerifyResponse(true, checkedCount, nextSeq - 1, previous, null));
            }

            var broken = AuditChain.FindFirstBreak(page.Select(r => (AuditTrail.ToEntry(r), r.PrevHash, r.Hash)), nextSeq, previous);
            if (broken is not null)
            {
                var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Seq).Select(e => new { e.Seq, e.Hash }).FirstAsync(ct);
                return TypedResults.Ok(new AuditVerifyResponse(false, checkedCount + page.Count(r => r.Seq < broken.Seq), head.Seq, head.Hash, new AuditBreakResponse(broken.Seq, broken.Problem)));
            }

            checkedCount += page.Count;
            nextSeq = page[^1].Seq + 1;
            previous = page[^1].Hash;
        }
    }
}
