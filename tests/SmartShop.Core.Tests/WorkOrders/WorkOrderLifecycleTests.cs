using SmartShop.Core.WorkOrders;

namespace SmartShop.Core.Tests.WorkOrders;

public sealed class WorkOrderLifecycleTests
{
    [Theory]
    [InlineData(WorkOrderStatus.Created, WorkOrderAction.Release, WorkOrderStatus.Released)]
    [InlineData(WorkOrderStatus.Released, WorkOrderAction.Start, WorkOrderStatus.Running)]
    [InlineData(WorkOrderStatus.Running, WorkOrderAction.Pause, WorkOrderStatus.Paused)]
    [InlineData(WorkOrderStatus.Paused, WorkOrderAction.Resume, WorkOrderStatus.Running)]
    [InlineData(WorkOrderStatus.Running, WorkOrderAction.Complete, WorkOrderStatus.Completed)]
    [InlineData(WorkOrderStatus.Paused, WorkOrderAction.Complete, WorkOrderStatus.Completed)]
    [InlineData(WorkOrderStatus.Completed, WorkOrderAction.Close, WorkOrderStatus.Closed)]
    [InlineData(WorkOrderStatus.Created, WorkOrderAction.Cancel, WorkOrderStatus.Cancelled)]
    [InlineData(WorkOrderStatus.Released, WorkOrderAction.Cancel, WorkOrderStatus.Cancelled)]
    [InlineData(WorkOrderStatus.Running, WorkOrderAction.Cancel, WorkOrderStatus.Cancelled)]
    [InlineData(WorkOrderStatus.Paused, WorkOrderAction.Cancel, WorkOrderStatus.Cancelled)]
    public void Decide_LegalAction_MovesToItsStatus(WorkOrderStatus from, WorkOrderAction action, WorkOrderStatus to)
    {
        var transition = WorkOrderLifecycle.Decide(from, action);

        Assert.True(transition.Allowed);
        Assert.Equal(to, transition.To);
        Assert.Null(transition.Refusal);
    }

    [Fact]
    public void Decide_EveryPairNotListedAsAllowed_IsRefusedWithAReasonAndTheAllowedActions()
    {
        var refused = 0;
        foreach (var status in Enum.GetValues<WorkOrderStatus>())
        {
            foreach (var action in Enum.GetValues<WorkOrderAction>())
            {
                var transition = WorkOrderLifecycle.Decide(status, action);
                Assert.Equal(WorkOrderLifecycle.Allowed(status).Contains(action), transition.Allowed);
                if (transition.Allowed)
                {
                    continue;
                }

                refused++;
                Assert.Null(transition.To);
                Assert.StartsWith($"The order is {WorkOrderLifecycle.Name(status)} and cannot be ", transition.Refusal, StringComparison.Ordinal);
                foreach (var allowed in WorkOrderLifecycle.Allowed(status))
                {
                    Assert.Contains(WorkOrderLifecycle.Name(allowed), transition.Refusal, StringComparison.Ordinal);
                }
            }
        }

        // 7 statuses x 7 actions, 11 of them legal.
        Assert.Equal(49 - 11, refused);
    }

    [Fact]
    public void Decide_CompleteBeforeRelease_SaysItWasNotReleased()
    {
        var transition = WorkOrderLifecycle.Decide(WorkOrderStatus.Created, WorkOrderAction.Complete);

        Assert.Equal("The order is created and cannot be completed: it has not been released to production yet (allowed now: release, cancel).", transition.Refusal);
    }

    [Fact]
    public void Decide_AnythingOnAClosedOrder_SaysItIsFinal()
    {
        var transition = WorkOrderLifecycle.Decide(WorkOrderStatus.Closed, WorkOrderAction.Cancel);

        Assert.Equal("The order is closed and cannot be cancelled: a closed order is final (nothing more can be done with it).", transition.Refusal);
    }

    [Fact]
    public void Decide_CancelAfterCompletion_PointsToClosing()
    {
        var transition = WorkOrderLifecycle.Decide(WorkOrderStatus.Completed, WorkOrderAction.Cancel);

        Assert.Contains("close it instead", transition.Refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WorkOrderStatus.Created, false, false)]
    [InlineData(WorkOrderStatus.Released, true, false)]
    [InlineData(WorkOrderStatus.Running, true, false)]
    [InlineData(WorkOrderStatus.Paused, true, false)]
    [InlineData(WorkOrderStatus.Completed, false, false)]
    [InlineData(WorkOrderStatus.Closed, false, true)]
    [InlineData(WorkOrderStatus.Cancelled, false, true)]
    public void StatusPredicates_MatchTheLifecycle(WorkOrderStatus status, bool onShopFloor, bool final)
    {
        Assert.Equal(onShopFloor, WorkOrderLifecycle.IsOnShopFloor(status));
        Assert.Equal(final, WorkOrderLifecycle.IsFinal(status));
        Assert.Equal(final, WorkOrderLifecycle.Allowed(status).Count == 0);
    }
}
