using System.Web;
using HiPayMirakl.Mirakl;
using Simulator.Mirakl.Seeding;

namespace HiPayMirakl.IntegrationTests.Mirakl;

public sealed class MiraklDocumentsIntegrationTests : IAsyncLifetime
{
    private MiraklTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await MiraklTestBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task GetShopDocuments_150Shops_AllDocumentsInChunksOf100()
    {
        var seeded = await _bed.PostControlAsync("_sim/mirakl/seed", new { shops = 150, cyclesOfInvoices = 0, seed = 3 });
        var ids = (await _bed.RawShopsAsync()).Select(s => s.GetProperty("shop_id").GetInt64()).ToList();

        var documents = await _bed.Client.GetShopDocumentsAsync(ids);

        Assert.Equal(150, ids.Count);
        Assert.Equal(seeded.GetProperty("documents").GetInt32(), documents.Count);
        Assert.Equal(documents.Count, documents.Select(d => d.Id).Distinct().Count());
        Assert.All(documents, d => Assert.Contains(d.ShopId, ids));
        var sentIdCounts = _bed.Calls("GET", "/api/shops/documents")
            .Select(e => HttpUtility.ParseQueryString(e.Query)["shop_ids"]!.Split(',').Length).ToList();
        Assert.Equal([100, 50], sentIdCounts);
    }

    [Fact]
    public async Task DownloadDocument_SeededBytes_ReturnedIdenticallyWithNameAndType()
    {
        await _bed.PostControlAsync("_sim/mirakl/seed", new { shops = 1, cyclesOfInvoices = 0, seed = 3 });
        var shopId = (await _bed.RawShopsAsync())[0].GetProperty("shop_id").GetInt64();
        var bytes = new byte[4096];
        new Random(11).NextBytes(bytes);
        var created = await _bed.PostControlAsync("_sim/mirakl/documents", new
        {
            shop_id = shopId,
            type = "ALL_PROOF_OF_BANK_ACCOUNT",
            file_name = "RIB société.pdf",
            content_base64 = Convert.ToBase64String(bytes),
            content_type = "application/pdf",
        });
        var documentId = created.GetProperty("shop_documents")[0].GetProperty("id").GetInt64();

        var inMemory = await _bed.Client.DownloadDocumentAsync(documentId);
        using var sink = new MemoryStream();
        var streamed = await _bed.Client.DownloadDocumentAsync(documentId, sink);

        Assert.Equal(bytes, inMemory.Content.ToArray());
        Assert.Equal("RIB société.pdf", inMemory.FileName);
        Assert.Equal("application/pdf", inMemory.ContentType);
        Assert.Equal(bytes, sink.ToArray());
        Assert.Equal(bytes.Length, streamed.Length);
    }

    [Fact]
    public async Task DownloadDocument_UnknownId_ApiExceptionWith404()
    {
        var ex = await Assert.ThrowsAsync<MiraklApiException>(() => _bed.Client.DownloadDocumentAsync(424242));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("S31", ex.Operation);
        Assert.Single(_bed.Calls("GET", "/api/shops/documents/download"));
    }
}
