using SmartShop.Core.Audit;

namespace SmartShop.Core.Tests.Audit;

public sealed class AuditChainTests
{
    private static List<(AuditEntry Entry, string PrevHash, string Hash)> Chain(int count)
    {
        var chain = new List<(AuditEntry, string, string)>();
        var previous = AuditChain.Genesis;
        for (var seq = 1; seq <= count; seq++)
        {
            var entry = new AuditEntry(seq, 1_790_000_000_000 + seq, "li.wei", "work-order.release", "work-order", $"WO-{seq}",
                "{\"status\":\"created\"}", "{\"status\":\"released\"}", seq % 2 == 0 ? "rush" : null, seq == 3 ? "li.wei" : null, seq == 3 ? "Released for production" : null);
            var hash = AuditChain.Hash(entry, previous);
            chain.Add((entry, previous, hash));
            previous = hash;
        }

        return chain;
    }

    [Fact]
    public void FindFirstBreak_IntactChain_IsNull()
    {
        Assert.Null(AuditChain.FindFirstBreak(Chain(5)));
        Assert.Null(AuditChain.FindFirstBreak([]));
    }

    [Fact]
    public void Hash_IsLowerHexSha256AndDependsOnEveryField()
    {
        var entry = Chain(1)[0].Entry;
        var hash = AuditChain.Hash(entry, AuditChain.Genesis);

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.NotEqual(hash, AuditChain.Hash(entry with { Why = "" }, AuditChain.Genesis));
        Assert.NotEqual(hash, AuditChain.Hash(entry with { SignatureMeaning = "Approved" }, AuditChain.Genesis));
        Assert.NotEqual(hash, AuditChain.Hash(entry with { AtMs = entry.AtMs + 1 }, AuditChain.Genesis));
        Assert.NotEqual(hash, AuditChain.Hash(entry, new string('1', 64)));
    }

    [Fact]
    public void Hash_TextMovedBetweenFields_GivesAnotherHash()
    {
        var a = new AuditEntry(1, 0, "ab", "c", "t", "i", null, null, null, null, null);
        var b = new AuditEntry(1, 0, "a", "bc", "t", "i", null, null, null, null, null);

        Assert.NotEqual(AuditChain.Hash(a, AuditChain.Genesis), AuditChain.Hash(b, AuditChain.Genesis));
    }

    [Fact]
    public void FindFirstBreak_ContentChanged_NamesThatEntry()
    {
        var chain = Chain(5);
        chain[2] = (chain[2].Entry with { NewValue = "{\"status\":\"cancelled\"}" }, chain[2].PrevHash, chain[2].Hash);

        var found = AuditChain.FindFirstBreak(chain);

        Assert.Equal(3, found?.Seq);
        Assert.Contains("does not match its hash", found!.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindFirstBreak_ChangedAndRehashed_BreaksTheNextLink()
    {
        var chain = Chain(5);
        var forged = chain[1].Entry with { UserName = "someone.else" };
        chain[1] = (forged, chain[1].PrevHash, AuditChain.Hash(forged, chain[1].PrevHash));

        var found = AuditChain.FindFirstBreak(chain);

        Assert.Equal(3, found?.Seq);
        Assert.Contains("does not point to the hash of entry 2", found!.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindFirstBreak_EntryRemoved_SaysWhichIsMissing()
    {
        var chain = Chain(5);
        chain.RemoveAt(3);

        var found = AuditChain.FindFirstBreak(chain);

        Assert.Equal(4, found?.Seq);
        Assert.Equal("entry 4 is missing (the next stored entry is 5)", found!.Problem);
    }

    [Fact]
    public void FindFirstBreak_LastEntryRemoved_CannotBeSeenFromTheChainAlone()
    {
        // Truncating the tail leaves a valid shorter chain: the verify endpoint reports the count and head hash so an
        // outside copy (a signed export, a replica) can tell.
        var chain = Chain(5);
        chain.RemoveAt(4);

        Assert.Null(AuditChain.FindFirstBreak(chain));
    }

    [Fact]
    public void FindFirstBreak_ContinuedPage_UsesThePreviousHash()
    {
        var chain = Chain(6);

        Assert.Null(AuditChain.FindFirstBreak(chain.Skip(3), expectedFirstSeq: 4, prevHashBefore: chain[2].Hash));
        Assert.Equal(4, AuditChain.FindFirstBreak(chain.Skip(3), expectedFirstSeq: 4, prevHashBefore: chain[1].Hash)?.Seq);
    }
}
