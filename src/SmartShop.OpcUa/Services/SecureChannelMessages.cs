using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.Security;

namespace SmartShop.OpcUa.Services;

/// <summary>OPC 10000-4 5.5.2: Issue a new channel or Renew its token.</summary>
public enum SecurityTokenRequestType
{
    Issue = 0,
    Renew = 1,
}

/// <summary>OPC 10000-4 5.5.2: the token that names a channel's current keys.</summary>
public sealed class ChannelSecurityToken : IEncodeable<ChannelSecurityToken>
{
    public static readonly NodeId DataTypeId = new(441);
    public static readonly NodeId DefaultBinaryId = new(443);

    public uint ChannelId { get; set; }
    public uint TokenId { get; set; }
    public UaDateTime CreatedAt { get; set; }

    /// <summary>Revised lifetime in milliseconds.</summary>
    public uint RevisedLifetime { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static ChannelSecurityToken Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteUInt32(ChannelId);
        encoder.WriteUInt32(TokenId);
        encoder.WriteDateTime(CreatedAt);
        encoder.WriteUInt32(RevisedLifetime);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ChannelId = decoder.ReadUInt32();
        TokenId = decoder.ReadUInt32();
        CreatedAt = decoder.ReadDateTime();
        RevisedLifetime = decoder.ReadUInt32();
    }
}

/// <summary>OPC 10000-4 5.5.2.</summary>
public sealed class OpenSecureChannelRequest : IServiceRequest, IEncodeable<OpenSecureChannelRequest>
{
    public static readonly NodeId DataTypeId = new(444);
    public static readonly NodeId DefaultBinaryId = new(446);

    public RequestHeader RequestHeader { get; set; } = new();
    public uint ClientProtocolVersion { get; set; }
    public SecurityTokenRequestType RequestType { get; set; }
    public MessageSecurityMode SecurityMode { get; set; }
    public ByteString ClientNonce { get; set; }

    /// <summary>Requested token lifetime in milliseconds.</summary>
    public uint RequestedLifetime { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static OpenSecureChannelRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteUInt32(ClientProtocolVersion);
        encoder.WriteInt32((int)RequestType);
        encoder.WriteInt32((int)SecurityMode);
        encoder.WriteByteString(ClientNonce);
        encoder.WriteUInt32(RequestedLifetime);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        ClientProtocolVersion = decoder.ReadUInt32();
        RequestType = (SecurityTokenRequestType)decoder.ReadInt32();
        SecurityMode = (MessageSecurityMode)decoder.ReadInt32();
        ClientNonce = decoder.ReadByteString();
        RequestedLifetime = decoder.ReadUInt32();
    }
}

/// <summary>OPC 10000-4 5.5.2.</summary>
public sealed class OpenSecureChannelResponse : IServiceResponse, IEncodeable<OpenSecureChannelResponse>
{
    public static readonly NodeId DataTypeId = new(447);
    public static readonly NodeId DefaultBinaryId = new(449);

    public ResponseHeader ResponseHeader { get; set; } = new();
    public uint ServerProtocolVersion { get; set; }
    public ChannelSecurityToken SecurityToken { get; set; } = new();
    public ByteString ServerNonce { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static OpenSecureChannelResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteUInt32(ServerProtocolVersion);
        encoder.WriteEncodeable(SecurityToken);
        encoder.WriteByteString(ServerNonce);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        ServerProtocolVersion = decoder.ReadUInt32();
        SecurityToken = decoder.ReadEncodeable<ChannelSecurityToken>();
        ServerNonce = decoder.ReadByteString();
    }
}

/// <summary>OPC 10000-4 5.5.3: sent in a CLO chunk; the server answers by closing the connection.</summary>
public sealed class CloseSecureChannelRequest : IServiceRequest, IEncodeable<CloseSecureChannelRequest>
{
    public static readonly NodeId DataTypeId = new(450);
    public static readonly NodeId DefaultBinaryId = new(452);

    public RequestHeader RequestHeader { get; set; } = new();

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static CloseSecureChannelRequest Create() => new();

    public void Encode(BinaryEncoder encoder) => encoder.WriteEncodeable(RequestHeader);

    public void Decode(BinaryDecoder decoder) => RequestHeader = decoder.ReadEncodeable<RequestHeader>();
}
