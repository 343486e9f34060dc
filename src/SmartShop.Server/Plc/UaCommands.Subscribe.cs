using System.CommandLine;
using System.Globalization;
using SmartShop.OpcUa;
using SmartShop.OpcUa.Client;

namespace SmartShop.Server.Plc;

/// <summary><c>smartshop ua subscribe</c>: data changes, one line each, until Ctrl+C, a duration or a count.</summary>
public static partial class UaCommands
{
    /// <summary>How often the wait checks the subscription's health and the deadline.</summary>
    private static readonly TimeSpan SubscribePoll = TimeSpan.FromMilliseconds(200);

    private static Command BuildSubscribe(Argument<string> url, ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var nodes = new Argument<string[]>("node-id") { Description = NodeHelp + "; one or more", Arity = ArgumentArity.OneOrMore };
        var interval = new Option<int>("--interval")
        {
            Description = "Sampling and publishing interval, ms (default 1000; 0 = as fast as the server allows)",
            DefaultValueFactory = _ => 1000,
        };
        interval.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--interval must be 0 or more milliseconds.");
            }
        });
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds" };
        duration.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is not > 0)
            {
                result.AddError("--duration must be more than 0 seconds.");
            }
        });
        var count = new Option<int?>("--count") { Description = "Stop after this many data changes (all nodes together)" };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is not > 0)
            {
                result.AddError("--count must be 1 or more.");
            }
        });

        var subscribe = connection.AddTo(new Command(
            "subscribe",
            "Print each data change (received time, node, value, status, source timestamp) until Ctrl+C, --duration or --count, whichever comes first")
        {
            url, nodes, interval, duration, count,
        });
        subscribe.SetAction(Guarded(error, async (parse, ct) =>
        {
            var texts = parse.GetValue(nodes)!;
            var period = TimeSpan.FromMilliseconds(parse.GetValue(interval));
            var limit = parse.GetValue(count);
            var time = TimeProvider.System;

            await using var client = await connection.ConnectAsync(parse, url, error, ct);
            var ids = await ResolveNodesAsync(client, texts, ct);
            var gate = new Lock();
            var printed = 0;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            void OnBatch(UaSubscription subscription, ReadOnlySpan<DataChangeSample> batch)
            {
                lock (gate)
                {
                    foreach (var sample in batch)
                    {
                        if (printed >= limit)
                        {
                            break;
                        }

                        // Client handles are numbered from 1 in the order the items were added: one per argument.
                        var handle = (int)sample.ClientHandle - 1;
                        var name = (uint)handle < (uint)texts.Length ? texts[handle]
                            : subscription.TryGetNodeId(sample.ClientHandle, out var nodeId) ? Display(client, nodeId) : $"handle {sample.ClientHandle}";
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{time.GetUtcNow():O}  {name}  {sample.Value} ({sample.Value.BuiltInType})  {sample.Status}  source {Timestamp(sample.SourceTimestamp)}"));
                        printed++;
                    }

                    if (printed >= limit)
                    {
                        done.TrySetResult();
                    }
                }
            }

            await using var subscription = await client.CreateSubscriptionAsync(
                new UaSubscriptionOptions { PublishingInterval = period, Warning = message => error.WriteLine($"warning: {message}") }, OnBatch, ct);
            var items = await subscription.AddMonitoredItemsAsync(ids, period, queueSize: 10, ct);
            var failed = 0;
            for (var i = 0; i < items.Length; i++)
            {
                if (items[i].Status.IsBad)
                {
                    failed++;
                    await error.WriteLineAsync($"error: cannot monitor {texts[i]}: {items[i].Status}");
                }
            }

            if (failed == items.Length)
            {
                return 1;
            }

            // The duration counts from here, once the items exist, so a short one still sees the first values.
            var deadline = parse.GetValue(duration) is { } seconds ? time.GetUtcNow() + TimeSpan.FromSeconds(seconds) : (DateTimeOffset?)null;

            // Ctrl+C cancels ct: a normal way to stop, not an error.
            while (!done.Task.IsCompleted && !ct.IsCancellationRequested)
            {
                if (subscription.Fault is { } fault)
                {
                    await error.WriteLineAsync($"error: the subscription stopped: {fault.Message}");
                    return 1;
                }

                var wait = SubscribePoll;
                if (deadline is { } end)
                {
                    var left = end - time.GetUtcNow();
                    if (left <= TimeSpan.Zero)
                    {
                        break;
                    }

                    wait = left < wait ? left : wait;
                }

                await Task.WhenAny(done.Task, Task.Delay(wait, time, ct));
            }

            return failed > 0 ? 1 : 0;
        }));
        return subscribe;
    }
}
