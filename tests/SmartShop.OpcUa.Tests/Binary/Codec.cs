using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Tests.Binary;

/// <summary>Encode-with and decode-with helpers so each test states only the value and the bytes.</summary>
internal static class Codec
{
    public static byte[] Encode(Action<BinaryEncoder> write, EncodingContext? context = null)
    {
        using var encoder = new BinaryEncoder(context);
        write(encoder);
        return encoder.ToArray();
    }

    /// <summary>Decodes and checks that every byte was used.</summary>
    public static T Decode<T>(byte[] bytes, Func<BinaryDecoder, T> read, EncodingContext? context = null)
    {
        var decoder = new BinaryDecoder(bytes, context);
        var value = read(decoder);
        Assert.Equal(0, decoder.Remaining);
        return value;
    }

    public static T RoundTrip<T>(T value, Action<BinaryEncoder, T> write, Func<BinaryDecoder, T> read, EncodingContext? context = null) =>
        Decode(Encode(e => write(e, value), context), read, context);

    public static UaDecodingException DecodeFails<T>(byte[] bytes, Func<BinaryDecoder, T> read, EncodingContext? context = null) =>
        Assert.Throws<UaDecodingException>(() => read(new BinaryDecoder(bytes, context)));
}
