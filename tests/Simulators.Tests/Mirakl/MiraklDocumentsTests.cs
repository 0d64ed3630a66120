using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Simulators.Tests.TestSupport;

namespace Simulators.Tests.Mirakl;

public sealed class MiraklDocumentsTests : MiraklSimulatorTestBase
{
    private static readonly byte[] PdfBytes = [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A, 0x00, 0xFF, 0x10];
    private static readonly byte[] PngBytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x42];

    private async Task<long> UploadAsync(long shopId, string type, string fileName, byte[] bytes)
    {
        await PostControlAsync("_sim/mirakl/documents",
            JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["shop_id"] = shopId, ["type"] = type, ["file_name"] = fileName, ["content_base64"] = Convert.ToBase64String(bytes),
            }));
        var docs = await GetJsonAsync($"api/shops/documents?shop_ids={shopId}");
        return docs.GetProperty("shop_documents").EnumerateArray().Max(d => d.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task S30_ByShopIds_ReturnsReferenceShape()
    {
        await UploadAsync(2001, "ALL_PROOF_OF_BANK_ACCOUNT", "RIB Dupré.pdf", PdfBytes);
        await UploadAsync(2002, "SOLE_MAN_BUS_IDENTITY", "id.png", PngBytes);

        var body = await GetJsonAsync("api/shops/documents?shop_ids=2001,2002");

        Assert.Equal(2, body.GetProperty("total_count").GetInt32());
        var first = body.GetProperty("shop_documents")[0];
        Assert.Equal(["id", "shop_id", "type", "file_name", "date_uploaded", "date_deleted"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2001, first.GetProperty("shop_id").GetInt64());
        Assert.Equal("ALL_PROOF_OF_BANK_ACCOUNT", first.GetProperty("type").GetString());
        Assert.Equal("RIB Dupré.pdf", first.GetProperty("file_name").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("date_deleted").ValueKind);
    }

    [Fact]
    public async Task S30_MoreThan100ShopIds_Returns400()
    {
        var ids = string.Join(",", Enumerable.Range(1, 101));

        using var tooMany = await Client.GetAsync("api/shops/documents?shop_ids=" + ids);
        using var exactly100 = await Client.GetAsync("api/shops/documents?shop_ids=" + string.Join(",", Enumerable.Range(1, 100)));
        using var none = await Client.GetAsync("api/shops/documents");

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(400, (await ReadJsonAsync(tooMany)).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, exactly100.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
    }

    [Fact]
    public async Task S31_SingleDocumentId_ReturnsRawBytesWithContentDisposition()
    {
        var id = await UploadAsync(2001, "ALL_PROOF_OF_BANK_ACCOUNT", "rib.pdf", PdfBytes);

        using var r = await Client.GetAsync($"api/shops/documents/download?document_ids={id}");

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(PdfBytes, await r.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", r.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("rib.pdf", r.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task S31_SeveralIds_ReturnsZipWithShopFoldersAndDedupedNames()
    {
        var a = await UploadAsync(2001, "LEGAL_IDENTITY_OF_REPRESENTATIVE", "id.png", PngBytes);
        var b = await UploadAsync(2001, "LEGAL_IDENTITY_OF_REP_REAR", "id.png", PdfBytes);
        var c = await UploadAsync(2002, "ALL_PROOF_OF_BANK_ACCOUNT", "rib.pdf", PdfBytes);

        using var r = await Client.GetAsync($"api/shops/documents/download?document_ids={a},{b},{c}");

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/zip", r.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("documents-", r.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        await using var stream = await r.Content.ReadAsStreamAsync();
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        Assert.Equal(["shop_id_2001/id.png", "shop_id_2001/id(1).png", "shop_id_2002/rib.pdf"], zip.Entries.Select(e => e.FullName));
        using var ms = new MemoryStream();
        await using (var entry = zip.GetEntry("shop_id_2001/id.png")!.Open())
        {
            await entry.CopyToAsync(ms);
        }

        Assert.Equal(PngBytes, ms.ToArray());
    }

    [Fact]
    public async Task S31_SeededDocument_BytesMatchAcrossDownloads()
    {
        await SeedAsync(5);
        var docs = (await GetJsonAsync("api/shops/documents?shop_ids=2001,2002,2003,2004,2005")).GetProperty("shop_documents");
        var id = docs[0].GetProperty("id").GetInt64();

        var one = await Client.GetByteArrayAsync($"api/shops/documents/download?document_ids={id}");
        var two = await Client.GetByteArrayAsync($"api/shops/documents/download?document_ids={id}");

        Assert.NotEmpty(one);
        Assert.Equal(one, two);
    }

    [Fact]
    public async Task S31_UnknownIdOrTypeOrDeletedDocument_Returns404()
    {
        var id = await UploadAsync(2001, "ALL_PROOF_OF_BANK_ACCOUNT", "rib.pdf", PdfBytes);
        var deleted = await UploadAsync(2001, "ALL_PROOF_OF_BANK_ACCOUNT", "old.pdf", PdfBytes);
        using (var del = await Client.DeleteAsync($"api/shops/documents/{deleted}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, del.StatusCode);
        }

        using var unknownId = await Client.GetAsync($"api/shops/documents/download?document_ids={id},999999");
        using var unknownType = await Client.GetAsync("api/shops/documents/download?shop_ids=2001&type_codes=NOT_A_TYPE");
        using var deletedDoc = await Client.GetAsync($"api/shops/documents/download?document_ids={deleted}");
        using var byType = await Client.GetAsync("api/shops/documents/download?shop_ids=2001&type_codes=ALL_PROOF_OF_BANK_ACCOUNT");

        Assert.Equal(HttpStatusCode.NotFound, unknownId.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownType.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedDoc.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byType.StatusCode);
        var withDeleted = await GetJsonAsync("api/shops/documents?shop_ids=2001&include_deleted=true");
        Assert.Equal(2, withDeleted.GetProperty("total_count").GetInt32());
        var withoutDeleted = await GetJsonAsync("api/shops/documents?shop_ids=2001");
        Assert.Equal(1, withoutDeleted.GetProperty("total_count").GetInt32());
    }
}
