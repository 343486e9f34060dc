using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.SecureChannel;
using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Services;

namespace SmartShop.OpcUa.Tests.Services;

public sealed class SessionServicesTests
{
    private static T RoundTrip<T>(T message)
        where T : class, IEncodeable
    {
        var context = UaSecureChannel.CreateDefaultContext();
        using var encoder = new BinaryEncoder(context);
        encoder.WriteMessage(message);
        var bytes = encoder.ToArray();
        var decoded = new BinaryDecoder(bytes, context).ReadMessage();
        using var again = new BinaryEncoder(context);
        again.WriteMessage(decoded);
        Assert.Equal(bytes, again.ToArray());
        return Assert.IsType<T>(decoded);
    }

    public static TheoryData<IEncodeable, uint> EncodingIds => new()
    {
        { new ChannelSecurityToken(), 443 },
        { new OpenSecureChannelRequest(), 446 },
        { new OpenSecureChannelResponse(), 449 },
        { new CloseSecureChannelRequest(), 452 },
        { new ApplicationDescription(), 310 },
        { new UserTokenPolicy(), 306 },
        { new EndpointDescription(), 314 },
        { new GetEndpointsRequest(), 428 },
        { new GetEndpointsResponse(), 431 },
        { new SignatureData(), 458 },
        { new SignedSoftwareCertificate(), 346 },
        { new CreateSessionRequest(), 461 },
        { new CreateSessionResponse(), 464 },
        { new AnonymousIdentityToken(), 321 },
        { new UserNameIdentityToken(), 324 },
        { new ActivateSessionRequest(), 467 },
        { new ActivateSessionResponse(), 470 },
        { new CloseSessionRequest(), 473 },
        { new CloseSessionResponse(), 476 },
    };

    [Theory]
    [MemberData(nameof(EncodingIds))]
    public void Message_Encoded_StartsWithSpecEncodingIdAndDecodesToSameType(IEncodeable message, uint encodingId)
    {
        var context = UaSecureChannel.CreateDefaultContext();
        using var encoder = new BinaryEncoder(context);

        encoder.WriteMessage(message);
        var decoded = new BinaryDecoder(encoder.ToArray(), context).ReadMessage();

        // Four-byte NodeId form: 0x01, namespace 0, UInt16 id.
        Assert.Equal(new byte[] { 0x01, 0x00, (byte)encodingId, (byte)(encodingId >> 8) }, encoder.WrittenSpan[..4].ToArray());
        Assert.IsType(message.GetType(), decoded);
    }

    [Fact]
    public void OpenSecureChannelRequest_RoundTrip_KeepsFields()
    {
        var decoded = RoundTrip(new OpenSecureChannelRequest
        {
            RequestHeader = new RequestHeader { RequestHandle = 9, TimeoutHint = 1000 },
            RequestType = SecurityTokenRequestType.Renew,
            SecurityMode = MessageSecurityMode.SignAndEncrypt,
            ClientNonce = ByteString.Wrap(new byte[32]),
            RequestedLifetime = 3_600_000,
        });

        Assert.Equal(SecurityTokenRequestType.Renew, decoded.RequestType);
        Assert.Equal(MessageSecurityMode.SignAndEncrypt, decoded.SecurityMode);
        Assert.Equal(32, decoded.ClientNonce.Length);
        Assert.Equal(3_600_000u, decoded.RequestedLifetime);
    }

    [Fact]
    public void GetEndpointsResponse_RoundTrip_KeepsEndpointsAndTokenPolicies()
    {
        var decoded = RoundTrip(new GetEndpointsResponse
        {
            Endpoints =
            [
                new EndpointDescription
                {
                    EndpointUrl = "opc.tcp://127.0.0.1:4840",
                    Server = new ApplicationDescription { ApplicationUri = "urn:plc-sim", ApplicationName = new LocalizedText("plc-sim"), DiscoveryUrls = ["opc.tcp://127.0.0.1:4840"] },
                    ServerCertificate = ByteString.Wrap([1, 2, 3]),
                    SecurityMode = MessageSecurityMode.Sign,
                    SecurityPolicyUri = SecurityPolicy.Basic256Sha256Uri,
                    UserIdentityTokens = [new UserTokenPolicy { PolicyId = "user", TokenType = UserTokenType.UserName, SecurityPolicyUri = SecurityPolicy.Basic256Sha256Uri }],
                    TransportProfileUri = "http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary",
                    SecurityLevel = 3,
                },
            ],
        });

        var endpoint = Assert.Single(decoded.Endpoints!);
        Assert.Equal("urn:plc-sim", endpoint.Server.ApplicationUri);
        Assert.Equal(UserTokenType.UserName, endpoint.UserIdentityTokens![0].TokenType);
        Assert.Equal(3, endpoint.SecurityLevel);
    }

    [Fact]
    public void ActivateSessionRequest_UserNameToken_DecodesInsideExtensionObject()
    {
        var decoded = RoundTrip(new ActivateSessionRequest
        {
            ClientSignature = new SignatureData { Algorithm = SecurityPolicy.AlgorithmUris.RsaSha256, Signature = ByteString.Wrap([9, 9]) },
            LocaleIds = ["en"],
            UserIdentityToken = new ExtensionObject(new UserNameIdentityToken
            {
                PolicyId = "username",
                UserName = "operator",
                Password = ByteString.Wrap([1, 2, 3]),
                EncryptionAlgorithm = SecurityPolicy.AlgorithmUris.RsaOaep,
            }),
        });

        var token = Assert.IsType<UserNameIdentityToken>(decoded.UserIdentityToken!.Body);
        Assert.Equal("operator", token.UserName);
        Assert.Equal(SecurityPolicy.AlgorithmUris.RsaOaep, token.EncryptionAlgorithm);
    }
}
