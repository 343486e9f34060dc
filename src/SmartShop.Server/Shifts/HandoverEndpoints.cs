using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SmartShop.Server.Audit;
using SmartShop.Server.Auth;
using SmartShop.Server.Data;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Shifts;

public sealed record HandoverNoteRequest(string? Station, string? Text);

public sealed record HandoverNoteResponse(long Id, string Station, string? ShiftId, DateOnly? ProductionDay, string Text, DateTimeOffset WrittenAt, string WrittenBy);

/// <summary>Shift handover notes: what the leaving shift tells the next one about a station, stamped with its shift.</summary>
public static class HandoverEndpoints
{
    public static WebApplication MapHandover(this WebApplication app)
    {
        var handover = app.MapGroup("/api/handover").WithTags("Shifts");
        handover.MapPost("/", Write).RequireAuthorization(Policies.Verdict).WithSummary("Writes a handover note for a station (machine or line).");
        handover.MapGet("/", List).WithSummary("A station's handover notes, newest first (the line's notes are shown at its machines too).");
        return app;
    }

    private static HandoverNoteResponse ToResponse(HandoverNoteRow n) =>
        new(n.Id, n.Station, n.ShiftId, n.ProductionDay, n.Text, DateTimeOffset.FromUnixTimeMilliseconds(n.WrittenAtMs), n.WrittenBy);

    private static async Task<Results<Created<HandoverNoteResponse>, ValidationProblem>> Write(
        HandoverNoteRequest request, SmartShopDb db, AuditTrail audit, PlantCatalog catalog, TimeProvider clock, ClaimsPrincipal caller, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var station = request.Station?.Trim();
        var calendar = station is null ? null : catalog.Plant.CalendarForMachine(station) ?? catalog.Plant.CalendarForLine(station);
        if (calendar is null)
        {
            errors["station"] = [station is null ? "The station (machine or line) is required." : $"There is no machine or line '{station}'."];
        }

        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > 2000)
        {
            errors["text"] = ["Write the note (at most 2000 characters)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = clock.GetUtcNow();
        var period = calendar!.PeriodAt(now);
        var note = new HandoverNoteRow
        {
            Station = station!,
            ShiftId = period.ShiftId,
            ProductionDay = period.ProductionDay,
            Text = request.Text!.Trim(),
            WrittenAtMs = now.ToUnixTimeMilliseconds(),
            WrittenBy = caller.UserName(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.HandoverNotes.Add(note);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(new AuditRecord(caller.UserName(), "handover.write", "handover", note.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, new { note.Station, note.ShiftId, note.Text }), ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/handover?station={station}", ToResponse(note));
    }

    private static async Task<Results<Ok<IReadOnlyList<HandoverNoteResponse>>, ValidationProblem>> List(
        string? station, int? limit, SmartShopDb db, PlantCatalog catalog, CancellationToken ct)
    {
        if (station is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["station"] = ["station is required (a machine or line)."] });
        }

        var stations = new List<string> { station };
        if (catalog.Plant.LocateMachine(station) is { } location)
        {
            stations.Add(location.Line.Id);
        }

        var notes = await db.HandoverNotes.AsNoTracking().Where(n => stations.Contains(n.Station))
            .OrderByDescending(n => n.WrittenAtMs).ThenByDescending(n => n.Id).Take(Math.Clamp(limit ?? 20, 1, 200)).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<HandoverNoteResponse>>(notes.Select(ToResponse).ToList());
    }
}
