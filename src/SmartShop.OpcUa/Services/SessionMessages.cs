using SmartShop.OpcUa.Binary;

namespace SmartShop.OpcUa.Services;

/// <summary>OPC 10000-4 7.37: an asymmetric signature and its algorithm URI.</summary>
public sealed class SignatureData : IEncodeable<SignatureData>
{
    public static readonly NodeId DataTypeId = new(456);
    public static readonly NodeId DefaultBinaryId = new(458);

    public string? Algorithm { get; set; }
    public ByteString Signature { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static SignatureData Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteString(Algorithm);
        encoder.WriteByteString(Signature);
    }

    public void Decode(BinaryDecoder decoder)
    {
        Algorithm = decoder.ReadString();
        Signature = decoder.ReadByteString();
    }
}

/// <summary>OPC 10000-4 7.38 (unused by servers in practice, but part of the messages).</summary>
public sealed class SignedSoftwareCertificate : IEncodeable<SignedSoftwareCertificate>
{
    public static readonly NodeId DataTypeId = new(344);
    public static readonly NodeId DefaultBinaryId = new(346);

    public ByteString CertificateData { get; set; }
    public ByteString Signature { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static SignedSoftwareCertificate Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteByteString(CertificateData);
        encoder.WriteByteString(Signature);
    }

    public void Decode(BinaryDecoder decoder)
    {
        CertificateData = decoder.ReadByteString();
        Signature = decoder.ReadByteString();
    }
}

/// <summary>OPC 10000-4 5.6.2.</summary>
public sealed class CreateSessionRequest : IServiceRequest, IEncodeable<CreateSessionRequest>
{
    public static readonly NodeId DataTypeId = new(459);
    public static readonly NodeId DefaultBinaryId = new(461);

    public RequestHeader RequestHeader { get; set; } = new();
    public ApplicationDescription ClientDescription { get; set; } = new();
    public string? ServerUri { get; set; }
    public string? EndpointUrl { get; set; }
    public string? SessionName { get; set; }
    public ByteString ClientNonce { get; set; }
    public ByteString ClientCertificate { get; set; }

    /// <summary>Milliseconds.</summary>
    public double RequestedSessionTimeout { get; set; }
    public uint MaxResponseMessageSize { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static CreateSessionRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteEncodeable(ClientDescription);
        encoder.WriteString(ServerUri);
        encoder.WriteString(EndpointUrl);
        encoder.WriteString(SessionName);
        encoder.WriteByteString(ClientNonce);
        encoder.WriteByteString(ClientCertificate);
        encoder.WriteDouble(RequestedSessionTimeout);
        encoder.WriteUInt32(MaxResponseMessageSize);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        ClientDescription = decoder.ReadEncodeable<ApplicationDescription>();
        ServerUri = decoder.ReadString();
        EndpointUrl = decoder.ReadString();
        SessionName = decoder.ReadString();
        ClientNonce = decoder.ReadByteString();
        ClientCertificate = decoder.ReadByteString();
        RequestedSessionTimeout = decoder.ReadDouble();
        MaxResponseMessageSize = decoder.ReadUInt32();
    }
}

/// <summary>OPC 10000-4 5.6.2.</summary>
public sealed class CreateSessionResponse : IServiceResponse, IEncodeable<CreateSessionResponse>
{
    public static readonly NodeId DataTypeId = new(462);
    public static readonly NodeId DefaultBinaryId = new(464);

    public ResponseHeader ResponseHeader { get; set; } = new();
    public NodeId SessionId { get; set; }
    public NodeId AuthenticationToken { get; set; }

    /// <summary>Milliseconds.</summary>
    public double RevisedSessionTimeout { get; set; }
    public ByteString ServerNonce { get; set; }
    public ByteString ServerCertificate { get; set; }
    public EndpointDescription[]? ServerEndpoints { get; set; }
    public SignedSoftwareCertificate[]? ServerSoftwareCertificates { get; set; }
    public SignatureData ServerSignature { get; set; } = new();
    public uint MaxRequestMessageSize { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static CreateSessionResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteNodeId(SessionId);
        encoder.WriteNodeId(AuthenticationToken);
        encoder.WriteDouble(RevisedSessionTimeout);
        encoder.WriteByteString(ServerNonce);
        encoder.WriteByteString(ServerCertificate);
        encoder.WriteEncodeableArray(ServerEndpoints);
        encoder.WriteEncodeableArray(ServerSoftwareCertificates);
        encoder.WriteEncodeable(ServerSignature);
        encoder.WriteUInt32(MaxRequestMessageSize);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        SessionId = decoder.ReadNodeId();
        AuthenticationToken = decoder.ReadNodeId();
        RevisedSessionTimeout = decoder.ReadDouble();
        ServerNonce = decoder.ReadByteString();
        ServerCertificate = decoder.ReadByteString();
        ServerEndpoints = decoder.ReadEncodeableArray<EndpointDescription>();
        ServerSoftwareCertificates = decoder.ReadEncodeableArray<SignedSoftwareCertificate>();
        ServerSignature = decoder.ReadEncodeable<SignatureData>();
        MaxRequestMessageSize = decoder.ReadUInt32();
    }
}

/// <summary>OPC 10000-4 7.41.3: no user.</summary>
public sealed class AnonymousIdentityToken : IEncodeable<AnonymousIdentityToken>
{
    public static readonly NodeId DataTypeId = new(319);
    public static readonly NodeId DefaultBinaryId = new(321);

    public string? PolicyId { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static AnonymousIdentityToken Create() => new();

    public void Encode(BinaryEncoder encoder) => encoder.WriteString(PolicyId);

    public void Decode(BinaryDecoder decoder) => PolicyId = decoder.ReadString();
}

/// <summary>OPC 10000-4 7.41.4: user name and password, the password usually encrypted (see UserTokenEncryption).</summary>
public sealed class UserNameIdentityToken : IEncodeable<UserNameIdentityToken>
{
    public static readonly NodeId DataTypeId = new(322);
    public static readonly NodeId DefaultBinaryId = new(324);

    public string? PolicyId { get; set; }
    public string? UserName { get; set; }
    public ByteString Password { get; set; }
    public string? EncryptionAlgorithm { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static UserNameIdentityToken Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteString(PolicyId);
        encoder.WriteString(UserName);
        encoder.WriteByteString(Password);
        encoder.WriteString(EncryptionAlgorithm);
    }

    public void Decode(BinaryDecoder decoder)
    {
        PolicyId = decoder.ReadString();
        UserName = decoder.ReadString();
        Password = decoder.ReadByteString();
        EncryptionAlgorithm = decoder.ReadString();
    }
}

/// <summary>OPC 10000-4 5.6.3.</summary>
public sealed class ActivateSessionRequest : IServiceRequest, IEncodeable<ActivateSessionRequest>
{
    public static readonly NodeId DataTypeId = new(465);
    public static readonly NodeId DefaultBinaryId = new(467);

    public RequestHeader RequestHeader { get; set; } = new();
    public SignatureData ClientSignature { get; set; } = new();
    public SignedSoftwareCertificate[]? ClientSoftwareCertificates { get; set; }
    public string?[]? LocaleIds { get; set; }
    public ExtensionObject? UserIdentityToken { get; set; }
    public SignatureData UserTokenSignature { get; set; } = new();

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static ActivateSessionRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteEncodeable(ClientSignature);
        encoder.WriteEncodeableArray(ClientSoftwareCertificates);
        encoder.WriteStringArray(LocaleIds);
        encoder.WriteExtensionObject(UserIdentityToken);
        encoder.WriteEncodeable(UserTokenSignature);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        ClientSignature = decoder.ReadEncodeable<SignatureData>();
        ClientSoftwareCertificates = decoder.ReadEncodeableArray<SignedSoftwareCertificate>();
        LocaleIds = decoder.ReadStringArray();
        UserIdentityToken = decoder.ReadExtensionObject();
        UserTokenSignature = decoder.ReadEncodeable<SignatureData>();
    }
}

/// <summary>OPC 10000-4 5.6.3.</summary>
public sealed class ActivateSessionResponse : IServiceResponse, IEncodeable<ActivateSessionResponse>
{
    public static readonly NodeId DataTypeId = new(468);
    public static readonly NodeId DefaultBinaryId = new(470);

    public ResponseHeader ResponseHeader { get; set; } = new();
    public ByteString ServerNonce { get; set; }
    public StatusCode[]? Results { get; set; }
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static ActivateSessionResponse Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(ResponseHeader);
        encoder.WriteByteString(ServerNonce);
        encoder.WriteStatusCodeArray(Results);
        encoder.WriteDiagnosticInfoArray(DiagnosticInfos);
    }

    public void Decode(BinaryDecoder decoder)
    {
        ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
        ServerNonce = decoder.ReadByteString();
        Results = decoder.ReadStatusCodeArray();
        DiagnosticInfos = decoder.ReadDiagnosticInfoArray();
    }
}

/// <summary>OPC 10000-4 5.6.4.</summary>
public sealed class CloseSessionRequest : IServiceRequest, IEncodeable<CloseSessionRequest>
{
    public static readonly NodeId DataTypeId = new(471);
    public static readonly NodeId DefaultBinaryId = new(473);

    public RequestHeader RequestHeader { get; set; } = new();
    public bool DeleteSubscriptions { get; set; } = true;

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static CloseSessionRequest Create() => new();

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteEncodeable(RequestHeader);
        encoder.WriteBoolean(DeleteSubscriptions);
    }

    public void Decode(BinaryDecoder decoder)
    {
        RequestHeader = decoder.ReadEncodeable<RequestHeader>();
        DeleteSubscriptions = decoder.ReadBoolean();
    }
}

/// <summary>OPC 10000-4 5.6.4.</summary>
public sealed class CloseSessionResponse : IServiceResponse, IEncodeable<CloseSessionResponse>
{
    public static readonly NodeId DataTypeId = new(474);
    public static readonly NodeId DefaultBinaryId = new(476);

    public ResponseHeader ResponseHeader { get; set; } = new();

    public ExpandedNodeId TypeId => DataTypeId;
    public ExpandedNodeId BinaryEncodingId => DefaultBinaryId;

    public static CloseSessionResponse Create() => new();

    public void Encode(BinaryEncoder encoder) => encoder.WriteEncodeable(ResponseHeader);

    public void Decode(BinaryDecoder decoder) => ResponseHeader = decoder.ReadEncodeable<ResponseHeader>();
}
