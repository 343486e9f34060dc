using System.Security.Cryptography;

namespace SmartShop.OpcUa.Security;

/// <summary>
/// The keys of one direction of a secure channel token (OPC 10000-6 6.7.5): an HMAC signing key, an AES key and the
/// AES-CBC initialization vector. The same IV is used for every chunk of the token; the sequence header at the start
/// of each encrypted area makes the first block differ.
/// Calls are serialized internally; still, one instance belongs to one direction of one channel.
/// </summary>
public sealed class SymmetricKeys : IDisposable
{
    private readonly Lock _gate = new();
    private readonly byte[] _signingKey;
    private readonly byte[] _encryptingKey;
    private readonly byte[] _initializationVector;
    private readonly HashAlgorithmName _hmacHash;
    private Aes? _aes;
    private bool _disposed;

    internal SymmetricKeys(
        SecurityPolicy policy, HashAlgorithmName hmacHash, byte[] signingKey, byte[] encryptingKey, byte[] initializationVector)
    {
        Policy = policy;
        _hmacHash = hmacHash;
        _signingKey = signingKey;
        _encryptingKey = encryptingKey;
        _initializationVector = initializationVector;
    }

    public SecurityPolicy Policy { get; }

    public ReadOnlySpan<byte> SigningKey => _signingKey;

    public ReadOnlySpan<byte> EncryptingKey => _encryptingKey;

    public ReadOnlySpan<byte> InitializationVector => _initializationVector;

    /// <summary>Length of <see cref="Sign"/>'s output, in bytes (32 for HMAC-SHA256).</summary>
    public int SignatureSize => Policy.SymmetricSignatureSize;

    /// <summary>AES block size in bytes (16): the plain and cipher text block size for padding.</summary>
    public int BlockSize => Policy.SymmetricBlockSize;

    /// <summary>Writes the HMAC of <paramref name="data"/> into <paramref name="signature"/> (exactly SignatureSize bytes).</summary>
    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        if (signature.Length != SignatureSize)
        {
            throw new ArgumentException($"The signature needs exactly {SignatureSize} bytes.", nameof(signature));
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            CryptographicOperations.HmacData(_hmacHash, _signingKey, data, signature);
        }
    }

    /// <summary>Checks an HMAC in constant time; false for a wrong length as well as a wrong value.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[SignatureSize];
        Sign(data, expected);
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }

    /// <summary>AES-CBC encrypts <paramref name="buffer"/> in place; its length must be a multiple of the block size (pad first).</summary>
    public void Encrypt(Span<byte> buffer)
    {
        CheckBlockMultiple(buffer.Length);
        lock (_gate)
        {
            GetAes().EncryptCbc(buffer, _initializationVector, buffer, PaddingMode.None);
        }
    }

    /// <summary>AES-CBC decrypts <paramref name="buffer"/> in place; padding is left for <see cref="MessagePadding"/> to check.</summary>
    public void Decrypt(Span<byte> buffer)
    {
        CheckBlockMultiple(buffer.Length);
        lock (_gate)
        {
            GetAes().DecryptCbc(buffer, _initializationVector, buffer, PaddingMode.None);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _aes?.Dispose();
            CryptographicOperations.ZeroMemory(_signingKey);
            CryptographicOperations.ZeroMemory(_encryptingKey);
            CryptographicOperations.ZeroMemory(_initializationVector);
        }
    }

    private void CheckBlockMultiple(int length)
    {
        if (length % BlockSize != 0)
        {
            throw new ArgumentException(
                $"The data to encrypt or decrypt is {length} bytes, not a multiple of the {BlockSize}-byte block.", "buffer");
        }
    }

    private Aes GetAes()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_aes is null)
        {
            _aes = Aes.Create();
            _aes.Key = _encryptingKey;
        }

        return _aes;
    }
}

/// <summary>
/// The two key sets of a secure channel token. <see cref="Client"/> protects what the client sends (the client signs
/// and encrypts with it, the server verifies and decrypts); <see cref="Server"/> protects what the server sends.
/// </summary>
public sealed class ChannelKeys(SymmetricKeys client, SymmetricKeys server) : IDisposable
{
    public SymmetricKeys Client { get; } = client;

    public SymmetricKeys Server { get; } = server;

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
