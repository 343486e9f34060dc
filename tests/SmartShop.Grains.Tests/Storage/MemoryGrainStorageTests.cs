using SmartShop.Grains.Storage;
using SmartShop.Grains.Tests.Runtime;

namespace SmartShop.Grains.Tests.Storage;

public class MemoryGrainStorageTests
{
    private static readonly GrainId Machine = new("machine", "l1-lathe");

    [Fact]
    public async Task Read_NoRecord_ReportsAbsence()
    {
        var storage = new MemoryGrainStorage();
        var state = new TestGrainState<ShiftTotals> { ETag = "stale", RecordExists = true };

        await storage.ReadStateAsync("totals", Machine, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task Write_WithCurrentETag_StoresAndAdvancesETag()
    {
        var storage = new MemoryGrainStorage();
        var state = new TestGrainState<ShiftTotals> { State = new ShiftTotals { Good = 1 } };

        await storage.WriteStateAsync("totals", Machine, state);
        var first = state.ETag;
        state.State.Good = 2;
        await storage.WriteStateAsync("totals", Machine, state);

        Assert.NotNull(first);
        Assert.NotEqual(first, state.ETag);
        var read = new TestGrainState<ShiftTotals>();
        await storage.ReadStateAsync("totals", Machine, read);
        Assert.Equal(2, read.State.Good);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Write_WithStaleETag_ThrowsAndKeepsStoredState()
    {
        var storage = new MemoryGrainStorage();
        var mine = new TestGrainState<ShiftTotals> { State = new ShiftTotals { Good = 1 } };
        await storage.WriteStateAsync("totals", Machine, mine);
        var theirs = new TestGrainState<ShiftTotals>();
        await storage.ReadStateAsync("totals", Machine, theirs);
        theirs.State.Good = 50;
        await storage.WriteStateAsync("totals", Machine, theirs);

        mine.State.Good = 2;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("totals", Machine, mine));

        Assert.Equal(theirs.ETag, error.StoredETag);
        Assert.Equal(mine.ETag, error.CurrentETag);
        var read = new TestGrainState<ShiftTotals>();
        await storage.ReadStateAsync("totals", Machine, read);
        Assert.Equal(50, read.State.Good);
    }

    [Fact]
    public async Task Write_NewRecordWithAnETag_Throws()
    {
        var storage = new MemoryGrainStorage();
        var state = new TestGrainState<ShiftTotals> { State = new ShiftTotals(), ETag = "7" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("totals", Machine, state));
    }

    [Fact]
    public async Task Write_ThenStateMutated_StoredCopyIsUnchanged()
    {
        var storage = new MemoryGrainStorage();
        var state = new TestGrainState<ShiftTotals> { State = new ShiftTotals { Good = 1 } };
        await storage.WriteStateAsync("totals", Machine, state);

        state.State.Good = 999;

        var read = new TestGrainState<ShiftTotals>();
        await storage.ReadStateAsync("totals", Machine, read);
        Assert.Equal(1, read.State.Good);
    }

    [Fact]
    public async Task Clear_WithCurrentETag_RemovesRecord()
    {
        var storage = new MemoryGrainStorage();
        var state = new TestGrainState<ShiftTotals> { State = new ShiftTotals { Good = 1 } };
        await storage.WriteStateAsync("totals", Machine, state);

        await storage.ClearStateAsync("totals", Machine, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        var read = new TestGrainState<ShiftTotals>();
        await storage.ReadStateAsync("totals", Machine, read);
        Assert.False(read.RecordExists);
    }
}
