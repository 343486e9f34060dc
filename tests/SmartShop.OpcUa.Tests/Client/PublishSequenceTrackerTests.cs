using SmartShop.OpcUa.Client;

namespace SmartShop.OpcUa.Tests.Client;

public sealed class PublishSequenceTrackerTests
{
    [Fact]
    public void TakeAcknowledgements_AfterMessages_ReturnsEachOnceForSubscription()
    {
        var tracker = new PublishSequenceTracker(reorderWindow: 1);
        tracker.Received(1);
        tracker.Received(2);

        var first = tracker.TakeAcknowledgements(7);
        var second = tracker.TakeAcknowledgements(7);

        Assert.Equal([1u, 2u], first!.Select(a => a.SequenceNumber));
        Assert.All(first!, a => Assert.Equal(7u, a.SubscriptionId));
        Assert.Null(second);
    }

    [Fact]
    public void TakeAcknowledgements_KeepAlive_NotAcknowledged()
    {
        var tracker = new PublishSequenceTracker(reorderWindow: 1);
        tracker.Received(1);
        _ = tracker.TakeAcknowledgements(1);

        tracker.KeepAlive(2);

        Assert.Null(tracker.TakeAcknowledgements(1));
        Assert.Empty(tracker.TakeMissing());
        Assert.Equal(2u, tracker.Expected);
    }

    [Fact]
    public void ReturnAcknowledgements_FailedPublish_SentWithNextRequest()
    {
        var tracker = new PublishSequenceTracker(reorderWindow: 1);
        tracker.Received(5);
        var taken = tracker.TakeAcknowledgements(1);

        tracker.ReturnAcknowledgements(taken);
        tracker.Received(6);

        Assert.Equal([5u, 6u], tracker.TakeAcknowledgements(1)!.Select(a => a.SequenceNumber));
    }

    [Fact]
    public void TakeMissing_GapWithWindowOne_ReturnsMissingNumbers()
    {
        var tracker = new PublishSequenceTracker(reorderWindow: 1);
        tracker.Received(1);

        tracker.Received(4);

        Assert.Equal([2u, 3u], tracker.TakeMissing());
        Assert.Empty(tracker.TakeMissing());
        Assert.Equal(5u, tracker.Expected);
    }

    [Fact]
    public void TakeMissing_OutOfOrderWithinWindow_NoGap()
    {
        var tracker = new PublishSequenceTracker(reorderWindow: 3);
        tracker.Received(1);

        tracker.Received(3);
        tracker.Received(2);
        tracker.Received(4);

        Assert.Empty(tracker.TakeMissing());
        Assert.Equal(5u, tracker.Expected);
        Assert.Equal([1u, 3u, 2u, 4u], tracker.TakeAcknowledgements(1)!.Select(a => a.SequenceNumber));
    }

    [Fact]
    public void TakeMissing_HoleOlderThanWindow_Reported()
    {
        var tracker = new PublishSequenceTracker(reorderWindow: 2);
        tracker.Received(1);

        tracker.Received(3);
        Assert.Empty(tracker.TakeMissing());
        tracker.Received(4);

        Assert.Equal([2u], tracker.TakeMissing());
        Assert.Equal(5u, tracker.Expected);
    }

    [Fact]
    public void TakeMissing_KeepAliveAnnouncingLaterNumber_ReportsSkippedMessage()
    {
        var tracker = new PublishSequenceTracker(reorderWindow: 1);
        tracker.Received(1);

        tracker.KeepAlive(3);

        Assert.Equal([2u], tracker.TakeMissing());
    }

    [Fact]
    public void Republished_MissingMessage_AcknowledgedNext()
    {
        var tracker = new PublishSequenceTracker(reorderWindow: 1);
        tracker.Received(1);
        tracker.Received(3);
        _ = tracker.TakeAcknowledgements(1);

        tracker.Republished(2);

        Assert.Equal([2u], tracker.TakeAcknowledgements(1)!.Select(a => a.SequenceNumber));
    }

    [Fact]
    public void Transferred_AvailableNumbers_ReceivedOnesAcknowledged_LaterOnesMissing_OthersLost()
    {
        var tracker = new PublishSequenceTracker(reorderWindow: 1);
        tracker.Received(1);
        tracker.Received(2);
        _ = tracker.TakeAcknowledgements(1);

        // The server still holds 2 (received, not yet acknowledged by it), 4 and 6; 3 and 5 went to the old session.
        var lost = tracker.Transferred([6, 2, 4]);

        Assert.Equal([(3u, 1u), (5u, 1u)], lost);
        Assert.Equal([4u, 6u], tracker.TakeMissing());
        Assert.Equal([2u], tracker.TakeAcknowledgements(1)!.Select(a => a.SequenceNumber));
        Assert.Equal(7u, tracker.Expected);
    }

    [Fact]
    public void Transferred_ConsecutiveLostNumbers_OneRange()
    {
        var tracker = new PublishSequenceTracker(reorderWindow: 1);
        tracker.Received(10);

        var lost = tracker.Transferred([14]);

        Assert.Equal([(11u, 3u)], lost);
        Assert.Equal([14u], tracker.TakeMissing());
    }

    [Fact]
    public void Transferred_NothingAvailable_NothingLostOrMissing()
    {
        var tracker = new PublishSequenceTracker(reorderWindow: 1);
        tracker.Received(3);

        Assert.Empty(tracker.Transferred([]));
        Assert.Empty(tracker.TakeMissing());
        Assert.Equal(4u, tracker.Expected);
    }
}
