namespace SmartShop.OpcUa;

/// <summary>An OPC UA failure that carries the StatusCode a peer or the stack would report for it.</summary>
public class UaException : Exception
{
    public UaException(StatusCode statusCode, string message)
        : base(message) => StatusCode = statusCode;

    public UaException(StatusCode statusCode, string message, Exception? innerException)
        : base(message, innerException) => StatusCode = statusCode;

    public StatusCode StatusCode { get; }
}

/// <summary>
/// Malformed or over-limit input: BadDecodingError for bytes that do not follow the encoding (truncated, invalid
/// mask, inconsistent dimensions), BadEncodingLimitsExceeded for a configured limit, BadDataTypeIdUnknown for a
/// message of a type nobody registered. The decoder throws nothing else for bad input.
/// </summary>
public sealed class UaDecodingException : UaException
{
    public UaDecodingException(StatusCode statusCode, string message, int offset)
        : base(statusCode, $"{message} (at byte {offset})") => Offset = offset;

    /// <summary>Offset of the failing field from the start of the decoded buffer.</summary>
    public int Offset { get; }
}

/// <summary>A value that cannot be encoded: BadEncodingLimitsExceeded, or BadEncodingError for an invalid value.</summary>
public sealed class UaEncodingException : UaException
{
    public UaEncodingException(StatusCode statusCode, string message)
        : base(statusCode, message)
    {
    }
}
