using Simulators.Tests.TestSupport;

namespace Simulators.Tests.Mirakl;

public sealed class MiraklReferenceDataTests : MiraklSimulatorTestBase
{
    [Fact]
    public async Task DO01_Shop_ListsTheNineHiPayCodes()
    {
        var body = await GetJsonAsync("api/documents?entities=SHOP");

        var codes = body.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("code").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(
        [
            "ALL_PROOF_OF_BANK_ACCOUNT", "LEGAL_ARTICLES_DISTR_OF_POWERS", "LEGAL_IDENTITY_OF_REPRESENTATIVE",
            "LEGAL_IDENTITY_OF_REP_REAR", "LEGAL_PROOF_OF_REGISTRATION_NUMBER", "SOLE_MAN_BUS_IDENTITY",
            "SOLE_MAN_BUS_IDENTITY_REAR", "SOLE_MAN_BUS_PROOF_OF_REG_NUMBER", "SOLE_MAN_BUS_PROOF_OF_TAX_STATUS",
        ], codes);
        var first = body.GetProperty("documents")[0];
        Assert.Equal("SHOP", first.GetProperty("entity").GetString());
        Assert.True(first.TryGetProperty("label", out _));
        Assert.True(first.TryGetProperty("mime_types", out _));
    }

    [Fact]
    public async Task AF01_Shop_HasHiPayProcessBooleanField()
    {
        var body = await GetJsonAsync("api/additional_fields?entities=SHOP");

        var field = Assert.Single(body.GetProperty("additional_fields").EnumerateArray());
        Assert.Equal("hipay-process", field.GetProperty("code").GetString());
        Assert.Equal("BOOLEAN", field.GetProperty("type").GetString());
        Assert.Equal("SHOP", field.GetProperty("entity").GetString());
        Assert.Equal(1, body.GetProperty("total_count").GetInt32());
        var offers = await GetJsonAsync("api/additional_fields?entities=OFFER");
        Assert.Equal(0, offers.GetProperty("total_count").GetInt32());
    }
}
