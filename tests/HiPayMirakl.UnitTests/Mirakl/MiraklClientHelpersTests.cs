using HiPayMirakl.Mirakl;
using HiPayMirakl.Mirakl.Http;

namespace HiPayMirakl.UnitTests.Mirakl;

public sealed class MiraklClientHelpersTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Format_OffsetInstant_WrittenAsUtcWithZ()
    {
        // 01:30 at +02:00 is 23:30 UTC the day before; the predecessor printed "01:30:00Z".
        var value = new DateTimeOffset(2026, 1, 11, 1, 30, 0, TimeSpan.FromHours(2));

        Assert.Equal("2026-01-10T23:30:00Z", MiraklDates.Format(value));
    }

    [Fact]
    public void Format_UtcInstant_DropsFractionalSeconds()
    {
        Assert.Equal("2026-01-01T00:00:05Z", MiraklDates.Format(new DateTimeOffset(2026, 1, 1, 0, 0, 5, 999, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData(" 120 ", 120)]
    [InlineData("0", 0)]
    public void RetryAfter_Seconds_Parsed(string header, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryAfter.Parse(header, Now));
    }

    [Fact]
    public void RetryAfter_HttpDate_IsDelayFromNow()
    {
        Assert.Equal(TimeSpan.FromSeconds(90), RetryAfter.Parse("Sun, 01 Mar 2026 12:01:30 GMT", Now));
    }

    [Fact]
    public void RetryAfter_HttpDateInThePast_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, RetryAfter.Parse("Sun, 01 Mar 2026 11:00:00 GMT", Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    public void RetryAfter_Unusable_IsNull(string? header)
    {
        Assert.Null(RetryAfter.Parse(header, Now));
    }

    [Fact]
    public void ChunkIds_250Ids_ThreeChunksOfAtMost100()
    {
        var chunks = MiraklQuery.ChunkIds(Enumerable.Range(1, 250).Select(i => (long)i));

        Assert.Equal(3, chunks.Count);
        Assert.Equal([100, 100, 50], chunks.Select(c => c.Split(',').Length));
        Assert.StartsWith("1,2,3,", chunks[0], StringComparison.Ordinal);
        Assert.EndsWith(",250", chunks[2], StringComparison.Ordinal);
    }

    [Fact]
    public void ChunkIds_Duplicates_SentOnce()
    {
        var chunks = MiraklQuery.ChunkIds([5, 5, 6, 5]);

        Assert.Equal(["5,6"], chunks);
    }

    [Fact]
    public void ChunkIds_Empty_NoChunk()
    {
        Assert.Empty(MiraklQuery.ChunkIds([]));
    }

    [Fact]
    public void Build_EscapesValuesAndSkipsNulls()
    {
        var url = MiraklQuery.Build("api/invoices", ("start_date", "2026-01-01T00:00:00Z"), ("shop", null), ("currency", "EUR"));

        Assert.Equal("api/invoices?start_date=2026-01-01T00%3A00%3A00Z&currency=EUR", url);
    }
}
