namespace SmartShop.Grains.Runtime;

/// <summary>
/// Enforces SiloMessagingOptions.ResponseTimeout on calls whose result is not available at once. Calls are kept in
/// striped intrusive lists (no allocation per call, little contention), each in send order, so a periodic sweep only
/// looks at the expired head of each list. A timed-out call fails with <see cref="TimeoutException"/> for its caller;
/// if it was still waiting for its turn it is then skipped, if it was running the grain finishes it unobserved.
/// </summary>
internal sealed class CallTracker
{
    private readonly Stripe[] _stripes;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;

    public CallTracker(TimeProvider timeProvider, TimeSpan timeout)
    {
        _timeProvider = timeProvider;
        _timeout = timeout;
        var count = (int)Math.Min(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount * 4));
        _stripes = new Stripe[count];
        for (var i = 0; i < count; i++)
        {
            _stripes[i] = new Stripe();
        }
    }

    public bool Enabled => _timeout != Timeout.InfiniteTimeSpan;

    public void Track(GrainRequest request)
    {
        if (!Enabled)
        {
            return;
        }

        var stripe = _stripes[Environment.CurrentManagedThreadId & (_stripes.Length - 1)];
        lock (stripe.Gate)
        {
            // Read under the lock so that each list stays sorted by send time.
            request.SentTimestamp = _timeProvider.GetTimestamp();
            request.TrackerNext = null;
            request.TrackerPrevious = stripe.Tail;
            if (stripe.Tail is { } tail)
            {
                tail.TrackerNext = request;
            }
            else
            {
                stripe.Head = request;
            }

            stripe.Tail = request;
            request.TrackerStripe = stripe;
        }
    }

    public void Untrack(GrainRequest request)
    {
        var stripe = Volatile.Read(ref request.TrackerStripe);
        if (stripe is null)
        {
            return;
        }

        lock (stripe.Gate)
        {
            if (request.TrackerStripe == stripe)
            {
                Unlink(stripe, request);
            }
        }
    }

    /// <summary>Fails every call that has waited longer than the response timeout.</summary>
    public void Sweep()
    {
        List<GrainRequest>? expired = null;
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                var now = _timeProvider.GetTimestamp();
                while (stripe.Head is { } head && _timeProvider.GetElapsedTime(head.SentTimestamp, now) >= _timeout)
                {
                    Unlink(stripe, head);
                    (expired ??= []).Add(head);
                }
            }
        }

        if (expired is null)
        {
            return;
        }

        foreach (var request in expired)
        {
            request.Fail(new TimeoutException(
                $"{request.Description} did not complete within the response timeout of {_timeout} " +
                "(SiloMessagingOptions.ResponseTimeout). A call cycle between non-reentrant grains (A -> B -> A) " +
                "ends this way; mark one of the methods [AlwaysInterleave] or make the grain [Reentrant]."));
        }
    }

    /// <summary>Fails every tracked call (the silo has stopped and nothing will answer them).</summary>
    public void FailAll(Func<GrainRequest, Exception> error)
    {
        var all = new List<GrainRequest>();
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                while (stripe.Head is { } head)
                {
                    Unlink(stripe, head);
                    all.Add(head);
                }
            }
        }

        foreach (var request in all)
        {
            request.Fail(error(request));
        }
    }

    private static void Unlink(Stripe stripe, GrainRequest request)
    {
        if (request.TrackerPrevious is { } previous)
        {
            previous.TrackerNext = request.TrackerNext;
        }
        else
        {
            stripe.Head = request.TrackerNext;
        }

        if (request.TrackerNext is { } next)
        {
            next.TrackerPrevious = request.TrackerPrevious;
        }
        else
        {
            stripe.Tail = request.TrackerPrevious;
        }

        request.TrackerPrevious = null;
        request.TrackerNext = null;
        Volatile.Write(ref request.TrackerStripe, null);
    }

    internal sealed class Stripe
    {
        public readonly Lock Gate = new();
        public GrainRequest? Head;
        public GrainRequest? Tail;
    }
}
