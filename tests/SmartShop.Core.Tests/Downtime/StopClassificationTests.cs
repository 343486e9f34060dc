using SmartShop.Core.Downtime;

namespace SmartShop.Core.Tests.Downtime;

public sealed class StopClassificationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly DowntimeReasonMenu Everything = DowntimeReasonTreeTests.Sample().MenuFor(null);

    private const string Spindle = "unplanned.equipment.spindle";
    private const string Tooling = "unplanned.equipment.tooling";
    private const string Starved = "unplanned.material.starved";
    private const string Changeover = "planned.changeover";

    /// <summary>A stop from 10:00 to 11:00 (or open), without a PLC code unless given.</summary>
    private static StopFacts Stop(bool open = false, int? code = null, string? plcReason = null, bool micro = false) =>
        new(7, T0, open ? null : T0.AddHours(1), micro, code, plcReason);

    private static ReasonChange Accept(ReasonDecision decision)
    {
        Assert.Null(decision.Rejection);
        return decision.Change!;
    }

    private static ReasonRejection Reject(ReasonDecision decision, RejectionKind kind, string field)
    {
        Assert.Null(decision.Change);
        Assert.Equal((kind, field), (decision.Rejection!.Kind, decision.Rejection.Field));
        return decision.Rejection;
    }

    private static ReasonChange Classify(StopFacts stop, List<ReasonChange> history, string reason, int? part = null, string by = "li.wei")
    {
        var change = Accept(StopClassification.Classify(stop, history, new ClassifyStop(part, reason, by, "checked at the machine"), Everything, T0.AddHours(2)));
        history.Add(change);
        return change;
    }

    private static ReasonChange Split(StopFacts stop, List<ReasonChange> history, DateTimeOffset at, string reasonAfter)
    {
        var change = Accept(StopClassification.Split(stop, history, new SplitStop(at, reasonAfter, "li.wei", "two causes"), Everything, T0.AddHours(2)));
        history.Add(change);
        return change;
    }

    [Fact]
    public void Parts_NoCodeNoHistory_OneUnclassifiedPartSpanningTheStop()
    {
        var part = Assert.Single(StopClassification.Parts(Stop(), []));

        Assert.Equal(new StopPart(0, T0, T0.AddHours(1), null, ReasonSource.None, null), part);
        Assert.False(part.IsClassified);
    }

    [Fact]
    public void Parts_PlcCodeMappedToReason_PlcReason()
    {
        var part = Assert.Single(StopClassification.Parts(Stop(code: 101, plcReason: Tooling), []));

        Assert.Equal((Tooling, ReasonSource.Plc), (part.ReasonId, part.Source));
    }

    [Fact]
    public void Parts_PlcCodeWithTextOnly_ClassifiedByPlcWithoutTreeReason()
    {
        var part = Assert.Single(StopClassification.Parts(Stop(code: 401), []));

        Assert.Equal((null, ReasonSource.Plc), (part.ReasonId, part.Source));
        Assert.True(part.IsClassified);
    }

    [Fact]
    public void Parts_ManualAfterPlc_LatestManualWins()
    {
        var stop = Stop(code: 101, plcReason: Tooling);
        var history = new List<ReasonChange>();
        Classify(stop, history, Spindle);
        var last = Classify(stop, history, Starved, by: "zhang.min");

        var part = Assert.Single(StopClassification.Parts(stop, history));

        Assert.Equal((Starved, ReasonSource.Manual, last), (part.ReasonId, part.Source, part.LastChange));
    }

    [Fact]
    public void Classify_PlcClassifiedStop_RecordsOldReasonAndSourceAndNextSequence()
    {
        var stop = Stop(code: 101, plcReason: Tooling);
        var history = new List<ReasonChange>();

        var first = Classify(stop, history, Spindle);
        var second = Classify(stop, history, Starved);

        Assert.Equal((1, ReasonChangeKind.Classify, 0, Tooling, ReasonSource.Plc, Spindle), (first.Sequence, first.Kind, first.Part, first.OldReasonId, first.OldSource, first.NewReasonId));
        Assert.Equal((2, Spindle, ReasonSource.Manual, Starved), (second.Sequence, second.OldReasonId, second.OldSource, second.NewReasonId));
        Assert.Equal(("li.wei", "checked at the machine", T0.AddHours(2)), (second.By, second.Why, second.At));
    }

    [Fact]
    public void Classify_SameReasonAsThePlc_IsAcceptedAsConfirmation()
    {
        var stop = Stop(code: 101, plcReason: Tooling);

        var change = Accept(StopClassification.Classify(stop, [], new ClassifyStop(null, Tooling, "li.wei", "confirmed"), Everything, T0));

        Assert.Equal((Tooling, ReasonSource.Plc, Tooling), (change.OldReasonId, change.OldSource, change.NewReasonId));
    }

    [Fact]
    public void Classify_SameManualReasonAgain_IsConflict()
    {
        var stop = Stop();
        var history = new List<ReasonChange>();
        Classify(stop, history, Spindle);

        var rejection = Reject(StopClassification.Classify(stop, history, new ClassifyStop(null, Spindle, "li.wei", "double tap"), Everything, T0), RejectionKind.Conflict, "reasonId");

        Assert.Contains("already classified", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_ReasonNotOfferedForTheType_IsInvalid()
    {
        var menu = DowntimeReasonTreeTests.Sample().MenuFor(["unplanned.material"]);

        var rejection = Reject(StopClassification.Classify(Stop(), [], new ClassifyStop(null, Spindle, "li.wei", "x"), menu, T0), RejectionKind.Invalid, "reasonId");

        Assert.Contains("unplanned.material", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_UnknownReason_IsInvalid()
    {
        Reject(StopClassification.Classify(Stop(), [], new ClassifyStop(null, "unplanned.gremlins", "li.wei", "x"), Everything, T0), RejectionKind.Invalid, "reasonId");
    }

    [Fact]
    public void Classify_SplitStopWithoutPart_IsConflictNamingTheParts()
    {
        var stop = Stop();
        var history = new List<ReasonChange>();
        Split(stop, history, T0.AddMinutes(20), Starved);

        var rejection = Reject(StopClassification.Classify(stop, history, new ClassifyStop(null, Spindle, "li.wei", "x"), Everything, T0), RejectionKind.Conflict, "part");

        Assert.Contains("0, 1", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_PartTheStopDoesNotHave_IsNotFound()
    {
        Reject(StopClassification.Classify(Stop(), [], new ClassifyStop(1, Spindle, "li.wei", "x"), Everything, T0), RejectionKind.NotFound, "part");
    }

    [Fact]
    public void Classify_OpenStop_IsAccepted()
    {
        var change = Accept(StopClassification.Classify(Stop(open: true), [], new ClassifyStop(null, Spindle, "li.wei", "alarm on the panel"), Everything, T0));

        Assert.Equal(0, change.Part);
    }

    [Fact]
    public void Split_EndedStop_PartBeforeKeepsItsReasonPartAfterGetsTheNewOne()
    {
        var stop = Stop(code: 101, plcReason: Tooling);
        var history = new List<ReasonChange>();
        var split = Split(stop, history, T0.AddMinutes(20), Starved);

        var parts = StopClassification.Parts(stop, history);

        Assert.Equal((ReasonChangeKind.Split, 1, T0.AddMinutes(20), Tooling, ReasonSource.Plc, Starved),
            (split.Kind, split.Part, split.SplitAt, split.OldReasonId, split.OldSource, split.NewReasonId));
        Assert.Equal(
            [new StopPart(0, T0, T0.AddMinutes(20), Tooling, ReasonSource.Plc, null), new StopPart(1, T0.AddMinutes(20), T0.AddHours(1), Starved, ReasonSource.Manual, split)],
            parts);
        Assert.Equal(TimeSpan.FromHours(1), TimeSpan.FromTicks(parts.Sum(p => p.DurationAt(T0).Ticks)));
    }

    [Fact]
    public void Split_TwiceThenClassify_PartsInTimeOrderKeepTheirIds()
    {
        var stop = Stop();
        var history = new List<ReasonChange>();
        Split(stop, history, T0.AddMinutes(30), Starved);
        Split(stop, history, T0.AddMinutes(10), Changeover);
        Classify(stop, history, Spindle, part: 0);

        var parts = StopClassification.Parts(stop, history);

        Assert.Equal([0, 2, 1], parts.Select(p => p.Part));
        Assert.Equal([T0, T0.AddMinutes(10), T0.AddMinutes(30)], parts.Select(p => p.Start));
        Assert.Equal([Spindle, Changeover, Starved], parts.Select(p => p.ReasonId));
        Assert.Equal([T0.AddMinutes(10), T0.AddMinutes(30), T0.AddHours(1)], parts.Select(p => p.End));
    }

    [Fact]
    public void Split_OpenStop_IsConflict()
    {
        Reject(StopClassification.Split(Stop(open: true), [], new SplitStop(T0.AddMinutes(5), Starved, "li.wei", "x"), Everything, T0.AddHours(2)), RejectionKind.Conflict, "at");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData(-1)]
    [InlineData(61)]
    public void Split_AtOrOutsideTheStopsEnds_IsConflict(int minutes)
    {
        var rejection = Reject(StopClassification.Split(Stop(), [], new SplitStop(T0.AddMinutes(minutes), Starved, "li.wei", "x"), Everything, T0), RejectionKind.Conflict, "at");

        Assert.Contains("not inside stop 7", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_AtAnExistingBoundary_IsConflict()
    {
        var stop = Stop();
        var history = new List<ReasonChange>();
        Split(stop, history, T0.AddMinutes(20), Starved);

        var rejection = Reject(StopClassification.Split(stop, history, new SplitStop(T0.AddMinutes(20), Spindle, "li.wei", "x"), Everything, T0), RejectionKind.Conflict, "at");

        Assert.Contains("already split", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parts_SplitOutsideTheStopsRecordedTimes_IsIgnored()
    {
        var change = new ReasonChange(1, ReasonChangeKind.Split, 1, T0.AddHours(3), null, ReasonSource.None, Starved, T0, "li.wei", "x");

        var part = Assert.Single(StopClassification.Parts(Stop(), [change]));

        Assert.Equal((0, T0.AddHours(1)), (part.Part, part.End));
    }

    [Theory]
    [InlineData(false, false, 11, true)]
    [InlineData(false, false, 10, false)]
    [InlineData(true, false, 30, false)]
    [InlineData(false, true, 30, false)]
    public void NeedsFollowUp_Part_OnlyUnclassifiedNonMicroStopsLongerThanTheLimit(bool classified, bool micro, int minutes, bool expected)
    {
        var part = new StopPart(0, T0, T0.AddMinutes(minutes), classified ? Spindle : null, classified ? ReasonSource.Manual : ReasonSource.None, null);

        Assert.Equal(expected, StopClassification.NeedsFollowUp(part, micro, T0.AddHours(5), TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void NeedsFollowUp_OpenStop_MeasuredUpToNow()
    {
        var part = new StopPart(0, T0, null, null, ReasonSource.None, null);

        Assert.False(StopClassification.NeedsFollowUp(part, false, T0.AddMinutes(9), TimeSpan.FromMinutes(10)));
        Assert.True(StopClassification.NeedsFollowUp(part, false, T0.AddMinutes(11), TimeSpan.FromMinutes(10)));
    }
}
