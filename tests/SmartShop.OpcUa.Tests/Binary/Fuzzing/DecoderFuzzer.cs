using System.Diagnostics;
using System.Globalization;
using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.Tests.Services;

namespace SmartShop.OpcUa.Tests.Binary.Fuzzing;

/// <summary>
/// Feeds the decoder random, mutated-valid and grammar-generated input and checks three properties per case:
/// 1. nothing but <see cref="UaDecodingException"/> escapes (no IndexOutOfRange, Overflow, OutOfMemory, ...);
/// 2. the bytes the decode allocated stay under the context's MaxAllocationBytes plus a fixed slack;
/// 3. a message that decodes re-encodes, and decoding that encoding and encoding again gives the same bytes
///    (an encoder may refuse with <see cref="UaEncodingException"/>, e.g. reserved type ids).
/// Deterministic for a seed, so a failure is reproduced by its seed and case number.
/// </summary>
internal sealed class DecoderFuzzer
{
    /// <summary>Room for the exception, its message and the harness's own bookkeeping, above the decoder's budget.</summary>
    public const long AllocationSlack = 256 * 1024;

    private static readonly int[] InterestingInt32 =
        [-1, -2, 0, 1, 2, 127, 128, 255, 256, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 100_000, 0x3FFFFFFF, int.MaxValue, int.MinValue];

    private readonly Random _random;
    private readonly EncodingContext _context;
    private readonly List<byte[]> _seeds = [];
    private readonly List<byte[]> _bigSeeds = [];

    public DecoderFuzzer(int seed)
    {
        _random = new Random(seed);
        Seed = seed;
        _context = new EncodingContext(new EncodingLimits
        {
            MaxMessageSize = 1024 * 1024,
            MaxStringLength = 64 * 1024,
            MaxByteStringLength = 256 * 1024,
            MaxArrayLength = 100_000,
            MaxNestingDepth = 64,
            MaxAllocationBytes = 4 * 1024 * 1024,
        });

        _seeds.AddRange(Samples.Messages(_context));
        _seeds.AddRange(ReadServiceTests.CapturedMessages());
        foreach (var (_, value) in Samples.Variants())
        {
            _seeds.Add(Codec.Encode(e => e.WriteVariant(value), _context));
            _seeds.Add(Codec.Encode(e => e.WriteDataValue(new DataValue(value, StatusCodes.BadTimeout, UaDateTime.FromTicks(9))), _context));
        }

        // Large messages whose decoded form is many times their size: mutating their lengths tests the allocation budget.
        _bigSeeds.Add(Codec.Encode(e => e.WriteVariant(new Variant(new DataValue[60_000])), _context));
        _bigSeeds.Add(Codec.Encode(e => e.WriteVariant(new Variant(new Variant[90_000])), _context));
        _bigSeeds.Add(Codec.Encode(e => e.WriteVariant(new Variant(Enumerable.Repeat("x", 50_000).ToArray())), _context));
        _bigSeeds.Add(Codec.Encode(e => e.WriteVariant(new Variant(new Matrix(new double[40_000], 200, 200))), _context));
        _bigSeeds.Add(Codec.Encode(e => e.WriteVariant(new Variant(new string('y', 60_000))), _context));
        _bigSeeds.Add(Codec.Encode(e => e.WriteVariant(new Variant(new DiagnosticInfo?[20_000])), _context));
    }

    public int Seed { get; }

    public FuzzReport Run(long cases, int maxFailures = 20)
    {
        var report = new FuzzReport(Seed);
        var stopwatch = Stopwatch.StartNew();
        for (long i = 0; i < cases && report.Failures.Count < maxFailures; i++)
        {
            var (strategy, input) = NextInput();
            var target = NextTarget();
            RunCase(report, i, strategy, target, input);
        }

        report.Elapsed = stopwatch.Elapsed;
        return report;
    }

    private void RunCase(FuzzReport report, long caseNumber, string strategy, Target target, byte[] input)
    {
        report.Cases++;
        object? decoded = null;
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            decoded = Decode(target, new BinaryDecoder(input, _context));
            report.Decoded++;
        }
        catch (UaDecodingException error)
        {
            report.CountError(error.StatusCode);
        }
        catch (Exception error)
        {
            report.Fail(caseNumber, strategy, target, input, $"{error.GetType().Name}: {error.Message}");
            return;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        report.MaxAllocatedBytes = Math.Max(report.MaxAllocatedBytes, allocated);
        if (allocated > _context.Limits.MaxAllocationBytes + AllocationSlack)
        {
            report.Fail(caseNumber, strategy, target, input, $"allocated {allocated} bytes");
            return;
        }

        if (decoded is not null)
        {
            CheckStableReencoding(report, caseNumber, strategy, target, input, decoded);
        }
    }

    private void CheckStableReencoding(FuzzReport report, long caseNumber, string strategy, Target target, byte[] input, object decoded)
    {
        try
        {
            var first = Encode(target, decoded);
            var second = Encode(target, Decode(target, new BinaryDecoder(first, _context))!);
            if (!first.AsSpan().SequenceEqual(second))
            {
                report.Fail(caseNumber, strategy, target, input, "re-encoding is not stable: " + Hex.Format(first.AsSpan(0, Math.Min(64, first.Length))));
            }
        }
        catch (UaEncodingException refusal)
        {
            report.CountRefusal(refusal.StatusCode);
        }
        catch (Exception error)
        {
            report.Fail(caseNumber, strategy, target, input, $"re-encoding threw {error.GetType().Name}: {error.Message}");
        }
    }

    private static object? Decode(Target target, BinaryDecoder decoder) => target switch
    {
        Target.Message => decoder.ReadMessage(),
        Target.Variant => decoder.ReadVariant(),
        Target.DataValue => decoder.ReadDataValue(),
        Target.DiagnosticInfo => decoder.ReadDiagnosticInfo() ?? (object)"null",
        Target.ExtensionObject => decoder.ReadExtensionObject() ?? (object)"null",
        Target.ExpandedNodeId => decoder.ReadExpandedNodeId(),
        _ => decoder.ReadLocalizedText(),
    };

    private byte[] Encode(Target target, object value)
    {
        using var encoder = new BinaryEncoder(_context);
        switch (target)
        {
            case Target.Message: encoder.WriteMessage((IEncodeable)value); break;
            case Target.Variant: encoder.WriteVariant((Variant)value); break;
            case Target.DataValue: encoder.WriteDataValue((DataValue)value); break;
            case Target.DiagnosticInfo: encoder.WriteDiagnosticInfo(value as DiagnosticInfo); break;
            case Target.ExtensionObject: encoder.WriteExtensionObject(value as ExtensionObject); break;
            case Target.ExpandedNodeId: encoder.WriteExpandedNodeId((ExpandedNodeId)value); break;
            default: encoder.WriteLocalizedText((LocalizedText)value); break;
        }

        return encoder.ToArray();
    }

    private Target NextTarget()
    {
        var roll = _random.Next(100);
        return roll switch
        {
            < 45 => Target.Message,
            < 70 => Target.Variant,
            < 82 => Target.DataValue,
            < 88 => Target.DiagnosticInfo,
            < 94 => Target.ExtensionObject,
            < 97 => Target.ExpandedNodeId,
            _ => Target.LocalizedText,
        };
    }

    private (string Strategy, byte[] Input) NextInput()
    {
        var roll = _random.Next(100);
        return roll switch
        {
            < 10 => ("random", RandomBytes()),
            < 25 => ("generated", new Generator(_random).Value()),
            < 40 => ("bit flips", FlipBits(PickSeed())),
            < 55 => ("byte overwrites", OverwriteBytes(PickSeed())),
            < 72 => ("interesting int32", OverwriteInt32(PickSeed())),
            < 80 => ("truncate", Truncate(PickSeed())),
            < 87 => ("insert/delete", InsertOrDelete(PickSeed())),
            < 93 => ("splice", Splice(PickSeed(), PickSeed())),
            _ => ("generated+mutated", OverwriteInt32(new Generator(_random).Value())),
        };
    }

    private byte[] PickSeed()
    {
        var seeds = _random.Next(100) < 3 ? _bigSeeds : _seeds;
        return (byte[])seeds[_random.Next(seeds.Count)].Clone();
    }

    private byte[] RandomBytes()
    {
        var bytes = new byte[_random.Next(0, 96)];
        _random.NextBytes(bytes);
        if (bytes.Length >= 4 && _random.Next(2) == 0)
        {
            // A known message type id, so the message path is taken past its first field.
            var id = _random.Next(3) switch { 0 => 631, 1 => 634, _ => 397 };
            bytes[0] = 0x01;
            bytes[1] = 0x00;
            bytes[2] = (byte)id;
            bytes[3] = (byte)(id >> 8);
        }

        return bytes;
    }

    private byte[] FlipBits(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return bytes;
        }

        for (var n = _random.Next(1, 9); n > 0; n--)
        {
            bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
        }

        return bytes;
    }

    private byte[] OverwriteBytes(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return bytes;
        }

        for (var n = _random.Next(1, 9); n > 0; n--)
        {
            bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
        }

        return bytes;
    }

    private byte[] OverwriteInt32(byte[] bytes)
    {
        if (bytes.Length < 4)
        {
            return bytes;
        }

        for (var n = _random.Next(1, 4); n > 0; n--)
        {
            var value = InterestingInt32[_random.Next(InterestingInt32.Length)];
            BitConverter.TryWriteBytes(bytes.AsSpan(_random.Next(bytes.Length - 3)), value);
        }

        return bytes;
    }

    private byte[] Truncate(byte[] bytes) => bytes[.._random.Next(bytes.Length + 1)];

    private byte[] InsertOrDelete(byte[] bytes)
    {
        var at = _random.Next(bytes.Length + 1);
        if (_random.Next(2) == 0 || bytes.Length == 0)
        {
            var extra = new byte[_random.Next(1, 17)];
            _random.NextBytes(extra);
            return [.. bytes.AsSpan(0, at), .. extra, .. bytes.AsSpan(at)];
        }

        var count = Math.Min(_random.Next(1, 17), bytes.Length - at);
        return [.. bytes.AsSpan(0, at), .. bytes.AsSpan(at + count)];
    }

    private byte[] Splice(byte[] head, byte[] tail) =>
        [.. head.AsSpan(0, _random.Next(head.Length + 1)), .. tail.AsSpan(_random.Next(tail.Length + 1))];

    internal enum Target
    {
        Message,
        Variant,
        DataValue,
        DiagnosticInfo,
        ExtensionObject,
        ExpandedNodeId,
        LocalizedText,
    }

    /// <summary>
    /// Writes random but mostly well-formed Variants, so the fuzzer reaches deep nesting, matrices and every type;
    /// lengths are sometimes lies, masks sometimes invalid.
    /// </summary>
    private sealed class Generator(Random random)
    {
        private readonly List<byte> _bytes = [];

        public byte[] Value()
        {
            Variant(0);
            return [.. _bytes];
        }

        private void Variant(int depth)
        {
            var type = random.Next(100) < 3 ? random.Next(26, 64) : random.Next(0, 26);
            var array = random.Next(3) == 0 || (type == 24 && depth < 12);
            var dimensions = array && random.Next(4) == 0;
            _bytes.Add((byte)(type | (array ? 0x80 : 0) | (dimensions ? 0x40 : 0)));
            if (!array)
            {
                Scalar(type, depth);
                return;
            }

            var length = random.Next(10) == 0 ? InterestingInt32[random.Next(InterestingInt32.Length)] : random.Next(0, 5);
            Int32(length);
            for (var i = 0; i < Math.Min(length, 5); i++)
            {
                Scalar(type == 24 ? 24 : type, depth + 1);
            }

            if (dimensions)
            {
                var rank = random.Next(0, 4);
                Int32(rank);
                for (var i = 0; i < rank; i++)
                {
                    Int32(random.Next(-1, 4));
                }
            }
        }

        private void Scalar(int type, int depth)
        {
            switch (type)
            {
                case 0: break;
                case 1 or 2 or 3: Bytes(1); break;
                case 4 or 5: Bytes(2); break;
                case 6 or 7 or 10 or 19: Bytes(4); break;
                case 8 or 9 or 11 or 13: Bytes(8); break;
                case 12 or 15 or 16: LengthPrefixed(); break;
                case 14: Bytes(16); break;
                case 17 or 18: NodeId(type == 18); break;
                case 20: Bytes(2); LengthPrefixed(); break;
                case 21: LocalizedText(); break;
                case 22: ExtensionObject(depth); break;
                case 23: DataValue(depth); break;
                case 24: if (depth < 40) { Variant(depth + 1); } else { _bytes.Add(0); } break;
                case 25: DiagnosticInfo(depth); break;
                default: LengthPrefixed(); break;
            }
        }

        private void NodeId(bool expanded)
        {
            var form = random.Next(7);
            var flags = expanded ? random.Next(4) << 6 : (random.Next(30) == 0 ? 0x80 : 0);
            _bytes.Add((byte)(form | flags));
            switch (form)
            {
                case 0: Bytes(1); break;
                case 1: Bytes(3); break;
                case 2: Bytes(6); break;
                case 3 or 5: Bytes(2); LengthPrefixed(); break;
                case 4: Bytes(18); break;
            }

            if ((flags & 0x80) != 0)
            {
                LengthPrefixed();
            }

            if ((flags & 0x40) != 0)
            {
                Bytes(4);
            }
        }

        private void LocalizedText()
        {
            var mask = random.Next(4);
            _bytes.Add((byte)mask);
            if ((mask & 1) != 0)
            {
                LengthPrefixed();
            }

            if ((mask & 2) != 0)
            {
                LengthPrefixed();
            }
        }

        private void ExtensionObject(int depth)
        {
            // The ReadValueId encoding id (a registered type) or an unknown one.
            if (random.Next(2) == 0)
            {
                _bytes.AddRange([0x01, 0x00, 0x74, 0x02]);
            }
            else
            {
                NodeId(false);
            }

            var encoding = random.Next(5) == 0 ? random.Next(256) : random.Next(3);
            _bytes.Add((byte)encoding);
            if (encoding == 1 && random.Next(2) == 0 && depth < 40)
            {
                var start = _bytes.Count;
                Int32(0);
                NodeId(false);
                Bytes(4);
                LengthPrefixed();
                Bytes(2);
                LengthPrefixed();
                var length = random.Next(8) == 0 ? random.Next(-2, 64) : _bytes.Count - start - 4;
                BitConverter.TryWriteBytes(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_bytes).Slice(start, 4), length);
            }
            else if (encoding is 1 or 2)
            {
                LengthPrefixed();
            }
        }

        private void DataValue(int depth)
        {
            var mask = random.Next(64) | (random.Next(20) == 0 ? 0xC0 : 0);
            _bytes.Add((byte)mask);
            if ((mask & 0x01) != 0)
            {
                Variant(depth + 1);
            }

            if ((mask & 0x02) != 0)
            {
                Bytes(4);
            }

            if ((mask & 0x04) != 0)
            {
                Bytes(8);
            }

            if ((mask & 0x10) != 0)
            {
                Bytes(2);
            }

            if ((mask & 0x08) != 0)
            {
                Bytes(8);
            }

            if ((mask & 0x20) != 0)
            {
                Bytes(2);
            }
        }

        private void DiagnosticInfo(int depth)
        {
            var mask = random.Next(128);
            if (depth > 40)
            {
                mask &= 0x3F;
            }

            _bytes.Add((byte)mask);
            for (var bit = 0; bit < 4; bit++)
            {
                if ((mask & (1 << bit)) != 0)
                {
                    Bytes(4);
                }
            }

            if ((mask & 0x10) != 0)
            {
                LengthPrefixed();
            }

            if ((mask & 0x20) != 0)
            {
                Bytes(4);
            }

            if ((mask & 0x40) != 0)
            {
                DiagnosticInfo(depth + 1);
            }
        }

        private void LengthPrefixed()
        {
            var length = random.Next(12) switch
            {
                0 => -1,
                1 => InterestingInt32[random.Next(InterestingInt32.Length)],
                _ => random.Next(0, 12),
            };
            Int32(length);
            if (length > 0)
            {
                Bytes(Math.Min(length, 12));
            }
        }

        private void Int32(int value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BitConverter.TryWriteBytes(bytes, value);
            _bytes.AddRange(bytes);
        }

        private void Bytes(int count)
        {
            for (var i = 0; i < count; i++)
            {
                _bytes.Add((byte)random.Next(256));
            }
        }
    }
}

internal sealed class FuzzReport(int seed)
{
    private readonly SortedDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _refusals = new(StringComparer.Ordinal);

    public int Seed { get; } = seed;
    public long Cases { get; set; }
    public long Decoded { get; set; }
    public long EncoderRefusals { get; private set; }
    public long MaxAllocatedBytes { get; set; }
    public TimeSpan Elapsed { get; set; }
    public List<string> Failures { get; } = [];
    public IReadOnlyDictionary<string, long> ErrorsByStatus => _errors;

    public void CountError(StatusCode status)
    {
        var name = status.SymbolicName ?? status.ToString();
        _errors[name] = _errors.GetValueOrDefault(name) + 1;
    }

    public void CountRefusal(StatusCode status)
    {
        EncoderRefusals++;
        var name = status.SymbolicName ?? status.ToString();
        _refusals[name] = _refusals.GetValueOrDefault(name) + 1;
    }

    public void Fail(long caseNumber, string strategy, DecoderFuzzer.Target target, byte[] input, string what) =>
        Failures.Add(string.Create(
            CultureInfo.InvariantCulture,
            $"seed {Seed} case {caseNumber} ({strategy}, {target}): {what}; input {Hex.Format(input.AsSpan(0, Math.Min(input.Length, 128)))}"));

    public override string ToString()
    {
        var errors = string.Join(", ", _errors.Select(e => $"{e.Key} {e.Value}"));
        var refusals = string.Join(", ", _refusals.Select(e => $"{e.Key} {e.Value}"));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"seed {Seed}: {Cases} cases in {Elapsed.TotalSeconds:F1} s ({Cases / Math.Max(Elapsed.TotalSeconds, 1e-9):F0}/s); " +
            $"decoded {Decoded}, typed errors [{errors}], encoder refusals [{refusals}], " +
            $"max allocated per case {MaxAllocatedBytes} bytes, failures {Failures.Count}");
    }
}
