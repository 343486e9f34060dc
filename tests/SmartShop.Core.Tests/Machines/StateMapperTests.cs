using SmartShop.Core.Machines;
using SmartShop.Core.Plant;

namespace SmartShop.Core.Tests.Machines;

public sealed class StateMapperTests
{
    [Theory]
    [InlineData(6, null, MachineState.Running)]   // Execute
    [InlineData(3, null, MachineState.Running)]   // Starting
    [InlineData(4, null, MachineState.Idle)]      // Idle
    [InlineData(2, null, MachineState.Idle)]      // Stopped
    [InlineData(17, null, MachineState.Idle)]     // Complete
    [InlineData(11, null, MachineState.Down)]     // Held
    [InlineData(9, null, MachineState.Down)]      // Aborted
    [InlineData(5, null, MachineState.Down)]      // Suspended
    [InlineData(6, 1, MachineState.Running)]      // Production mode
    [InlineData(9, 3, MachineState.Setup)]        // Manual mode: changeover
    [InlineData(4, 2, MachineState.PlannedDown)]  // Maintenance mode
    [InlineData(0, null, MachineState.Unknown)]   // Undefined
    [InlineData(42, null, MachineState.Unknown)]
    public void PackML_StateAndUnitMode(int raw, int? mode, MachineState expected)
    {
        Assert.Equal(expected, StateMapper.Map(StateModel.PackML, raw, mode));
    }

    [Theory]
    [InlineData(3, null, MachineState.Running)]
    [InlineData(2, null, MachineState.Idle)]
    [InlineData(1, null, MachineState.Down)]
    [InlineData(0, null, MachineState.Unknown)]
    [InlineData(1, 2, MachineState.Setup)]
    [InlineData(2, 1, MachineState.PlannedDown)]
    [InlineData(3, 3, MachineState.Running)]      // Processing
    public void MachineryItemState_StateAndOperationMode(int raw, int? mode, MachineState expected)
    {
        Assert.Equal(expected, StateMapper.Map(StateModel.MachineryItemState, raw, mode));
    }

    [Fact]
    public void Custom_CodesFromThePlantFile_UnknownCodeUnknown()
    {
        var model = StateModel.Custom(new Dictionary<int, MachineState> { [0] = MachineState.Idle, [1] = MachineState.Running, [5] = MachineState.Down });

        Assert.Equal(MachineState.Running, StateMapper.Map(model, 1));
        Assert.Equal(MachineState.Down, StateMapper.Map(model, 5));
        Assert.Equal(MachineState.Unknown, StateMapper.Map(model, 7));
    }

    [Theory]
    [InlineData(5, true, false, MachineState.Starved)]   // Suspended, starved
    [InlineData(5, false, true, MachineState.Blocked)]   // Suspended, blocked
    [InlineData(4, true, false, MachineState.Starved)]   // Idle and starved: waiting for parts
    [InlineData(6, true, false, MachineState.Running)]   // a running machine is not starved, whatever the flag says
    [InlineData(9, false, false, MachineState.Down)]
    public void Flags_RefineAStop(int raw, bool starved, bool blocked, MachineState expected)
    {
        Assert.Equal(expected, StateMapper.Map(StateModel.PackML, raw, null, starved, blocked));
    }

    [Fact]
    public void Flags_SetupIsSetupEvenIfStarved()
    {
        Assert.Equal(MachineState.Setup, StateMapper.Map(StateModel.PackML, 5, mode: 3, starved: true));
    }
}
