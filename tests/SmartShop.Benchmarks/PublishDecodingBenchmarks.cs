using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SmartShop.OpcUa;
using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.SecureChannel;
using SmartShop.OpcUa.Services;

namespace SmartShop.Benchmarks;

/// <summary>
/// Decoding of PublishResponse bodies as the client receives them: the encoding NodeId and the body of one assembled
/// message, read by <see cref="BinaryDecoder.ReadMessage"/> with the secure channel's default context (so the
/// DataChangeNotification inside the ExtensionObject is found through the type registry, as on the wire).
/// Values mix what a line's PLCs send: a third UInt32 counters, a third Int32 states, a third Double process values,
/// each with source and server timestamps and Good status (left out of the mask, as servers do).
/// Every benchmark handles <see cref="Notifications"/> notifications per invocation (OperationsPerInvoke): one
/// 1,000-item message, or 100 messages of 10 items. Times and allocations therefore read per notification, and
/// notifications/s per core = 10^9 / ns (one thread).
/// Methods: Decode (ReadMessage alone); DecodeAndDispatch (plus the copy into <see cref="DataChangeSample"/> structs
/// that UaSubscription.Dispatch makes before it calls the handler). Baseline: a ReadResponse of the same DataValues,
/// the same value bytes without the notification structure around them.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PublishDecodingBenchmarks
{
    public const int Notifications = 1000;
    private const int SmallItems = 10;
    private const int SmallMessages = Notifications / SmallItems;

    // 2026-01-05T06:00:00Z in UA ticks (100 ns since 1601); values 1 ms apart, as a burst of changes makes them.
    private const long StartTicks = 133_805_736_000_000_000L;

    private readonly EncodingContext _context = UaSecureChannel.CreateDefaultContext();
    private readonly DataChangeSample[] _samples = new DataChangeSample[Notifications];
    private byte[] _publishLarge = [];
    private byte[] _publishSmall = [];
    private byte[] _readLarge = [];
    private byte[] _readSmall = [];

    [GlobalSetup]
    public void Setup()
    {
        _publishLarge = Encode(Publish(Notifications));
        _publishSmall = Encode(Publish(SmallItems));
        _readLarge = Encode(Read(Notifications));
        _readSmall = Encode(Read(SmallItems));

        // A benchmark of the wrong bytes would measure nothing: check that the messages decode to what was encoded.
        foreach (var (bytes, count) in new[] { (_publishLarge, Notifications), (_publishSmall, SmallItems) })
        {
            var decoded = (PublishResponse)new BinaryDecoder(bytes, _context).ReadMessage();
            if (!decoded.NotificationMessage.NotificationData![0]!.TryGetBody(out DataChangeNotification changes)
                || changes.MonitoredItems!.Length != count
                || changes.MonitoredItems[^1].Value != Values(count)[^1])
            {
                throw new InvalidOperationException("The PublishResponse does not round-trip.");
            }
        }
    }

    // ---- one message of 1,000 notifications (a busy subscription: plc-sim's largest Publish response) ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Notifications), BenchmarkCategory("1000 per message")]
    public int DataValueArray_1000() => DecodeRead(_readLarge);

    [Benchmark(OperationsPerInvoke = Notifications), BenchmarkCategory("1000 per message")]
    public int Decode_1000() => DecodePublish(_publishLarge).NotificationMessage.NotificationData!.Length;

    [Benchmark(OperationsPerInvoke = Notifications), BenchmarkCategory("1000 per message")]
    public long DecodeAndDispatch_1000() => Dispatch(DecodePublish(_publishLarge).NotificationMessage);

    // ---- 100 messages of 10 notifications (a quiet subscription: the per-message cost shows) ----

    [Benchmark(Baseline = true, OperationsPerInvoke = Notifications), BenchmarkCategory("10 per message")]
    public int DataValueArray_10()
    {
        var sum = 0;
        for (var m = 0; m < SmallMessages; m++)
        {
            sum += DecodeRead(_readSmall);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Notifications), BenchmarkCategory("10 per message")]
    public int Decode_10()
    {
        var sum = 0;
        for (var m = 0; m < SmallMessages; m++)
        {
            sum += DecodePublish(_publishSmall).NotificationMessage.NotificationData!.Length;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Notifications), BenchmarkCategory("10 per message")]
    public long DecodeAndDispatch_10()
    {
        long sum = 0;
        for (var m = 0; m < SmallMessages; m++)
        {
            sum += Dispatch(DecodePublish(_publishSmall).NotificationMessage);
        }

        return sum;
    }

    private PublishResponse DecodePublish(byte[] message) => (PublishResponse)new BinaryDecoder(message, _context).ReadMessage();

    private int DecodeRead(byte[] message) => ((ReadResponse)new BinaryDecoder(message, _context).ReadMessage()).Results!.Length;

    // The loop of UaSubscription.Dispatch (private there): each notification copied into a reused struct buffer, the
    // batch handed to the handler (here a sum of the handles, so the copy is not optimised away), the buffer cleared.
    private long Dispatch(NotificationMessage message)
    {
        long sum = 0;
        foreach (var data in message.NotificationData!)
        {
            if (data is not null && data.TryGetBody(out DataChangeNotification changes))
            {
                var items = changes.MonitoredItems ?? [];
                for (var i = 0; i < items.Length; i++)
                {
                    var value = items[i].Value;
                    _samples[i] = new DataChangeSample(items[i].ClientHandle, value.Value, value.StatusCode, value.SourceTimestamp, value.ServerTimestamp);
                }

                foreach (ref readonly var sample in _samples.AsSpan(0, items.Length))
                {
                    sum += sample.ClientHandle;
                }

                Array.Clear(_samples, 0, items.Length);
            }
        }

        return sum;
    }

    private static PublishResponse Publish(int count)
    {
        var values = Values(count);
        var notifications = new MonitoredItemNotification[count];
        for (var i = 0; i < count; i++)
        {
            notifications[i] = new MonitoredItemNotification { ClientHandle = (uint)(i + 1), Value = values[i] };
        }

        return new PublishResponse
        {
            ResponseHeader = new ResponseHeader { Timestamp = UaDateTime.FromTicks(StartTicks + 10_000_000), RequestHandle = 42 },
            SubscriptionId = 7,
            AvailableSequenceNumbers = [1201, 1202, 1203],
            NotificationMessage = new NotificationMessage
            {
                SequenceNumber = 1203,
                PublishTime = UaDateTime.FromTicks(StartTicks + 10_000_000),
                NotificationData = [new ExtensionObject(new DataChangeNotification { MonitoredItems = notifications })],
            },
            Results = [StatusCode.Good, StatusCode.Good],
        };
    }

    private static ReadResponse Read(int count) => new()
    {
        ResponseHeader = new ResponseHeader { Timestamp = UaDateTime.FromTicks(StartTicks + 10_000_000), RequestHandle = 42 },
        Results = Values(count),
    };

    private byte[] Encode(IEncodeable message)
    {
        using var encoder = new BinaryEncoder(_context);
        encoder.WriteMessage(message);
        return encoder.ToArray();
    }

    private static DataValue[] Values(int count)
    {
        var values = new DataValue[count];
        for (var i = 0; i < count; i++)
        {
            var source = UaDateTime.FromTicks(StartTicks + (i * 10_000L));
            var server = UaDateTime.FromTicks(StartTicks + (i * 10_000L) + 3_000);
            var value = (i % 3) switch
            {
                0 => new Variant((uint)(1_000_000 + i)),  // GoodCount / RejectCount
                1 => new Variant(i % 17),                  // State / StopReason
                _ => new Variant(20.0 + (i * 0.01)),       // CycleTime / EnergyKwh / process values
            };
            values[i] = new DataValue(value, StatusCode.Good, source, server);
        }

        return values;
    }
}
