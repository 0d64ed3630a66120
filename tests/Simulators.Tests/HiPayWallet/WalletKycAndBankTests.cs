using System.Net;
using System.Text.Json;

namespace Simulators.Tests.HiPayWallet;

public sealed class WalletKycAndBankTests : IAsyncLifetime
{
    private const long Vendor = 500_100;
    private const string ValidIban = "FR7630006000011234567890189";
    private WalletTestHost _wallet = null!;

    public async Task InitializeAsync()
    {
        _wallet = await WalletTestHost.StartAsync();
        await _wallet.SeedVendorAsync(Vendor, identified: 0, bankStatus: 1);
    }

    public async Task DisposeAsync() => await _wallet.DisposeAsync();

    private Task<ApiReply> UploadAsync(int type, string fileName, string? validity = "2027-06-30")
    {
        var fields = new List<KeyValuePair<string, string>> { new("type", type.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("user_space", "1") };
        if (validity is not null)
        {
            fields.Add(new("validity_date", validity));
        }

        return _wallet.PostMultipartAsync("api/identification", fields, fileName, Vendor);
    }

    private Task<ApiReply> RegisterBankAsync(string iban, string swift = "AGRIFRPP", string fileName = "rib.pdf") =>
        _wallet.PostMultipartAsync("api/user-account/bank-info",
            [new("bank_country", iban[..2]), new("bank_name", "Credit Agricole"), new("bank_address", "1 rue X"), new("bank_zip_code", "75001"),
             new("bank_city", "Paris"), new("iban", iban), new("swift", swift)], fileName, Vendor);

    private List<(string Operation, string Status)> Notifications() =>
        _wallet.Listener.Received.Select(p => NotificationChecks.XmlFromForm(p.Body))
            .Select(x => (NotificationChecks.Field(x, "operation"), NotificationChecks.Field(x, "status"))).ToList();

    [Fact]
    public async Task Identification_Upload_AnswersReferenceShape()
    {
        var reply = await UploadAsync(3, "id.pdf");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(0, reply.Code);
        Assert.Equal("Document uploaded", reply.Json.GetProperty("message").GetString());
        Assert.Equal(3, reply.Json.GetProperty("type").GetInt32());
        Assert.Equal(JsonValueKind.Number, reply.Json.GetProperty("user_space").ValueKind);
        Assert.Equal("2027-06-30", reply.Json.GetProperty("validity_date").GetString());
    }

    [Fact]
    public async Task Identification_IdentityWithoutValidityDate_Answers400()
    {
        var reply = await UploadAsync(3, "id.pdf", validity: null);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("validity_date", reply.Json.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Identification_CsvFile_Answers400()
    {
        var reply = await UploadAsync(4, "kbis.csv", validity: null);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("file", reply.Json.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Identification_FileOverSizeLimit_Answers400()
    {
        await using var small = await WalletTestHost.StartAsync(o => o.MaxUploadBytes = 100);
        await small.SeedVendorAsync(Vendor, identified: 0, bankStatus: 1);

        var atLimit = await small.PostMultipartAsync("api/identification", [new("type", "4")], "kbis.pdf", Vendor, fileBytes: 100);
        var over = await small.PostMultipartAsync("api/identification", [new("type", "5")], "statutes.pdf", Vendor, fileBytes: 101);

        Assert.Equal(0, atLimit.Code);
        Assert.Equal(HttpStatusCode.BadRequest, over.Status);
        Assert.Equal("file", over.Json.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Identification_SameTypeWhileWaiting_AnswersCode415()
    {
        await UploadAsync(4, "kbis.pdf", validity: null);

        var second = await UploadAsync(4, "kbis2.pdf", validity: null);

        Assert.Equal(415, second.Code);
    }

    [Fact]
    public async Task Identification_FullCorporationSetReviewed_IdentifiesAndNotifies()
    {
        await UploadAsync(3, "id.pdf");
        await UploadAsync(4, "kbis.pdf", validity: null);
        await UploadAsync(5, "statutes.pdf", validity: null);
        var during = await _wallet.GetAsync("api/identification", Vendor);

        await _wallet.AdvanceAsync(30);

        Assert.Equal("Identification in progress", during.Json.GetProperty("identification_status").GetString());
        Assert.Equal(0, during.Code);
        Assert.Equal(JsonValueKind.Number, during.Json.GetProperty("user_space").ValueKind);
        Assert.All(during.Json.GetProperty("documents").EnumerateArray(), d =>
        {
            Assert.Equal(JsonValueKind.Number, d.GetProperty("type").ValueKind);
            Assert.Equal(JsonValueKind.String, d.GetProperty("label").ValueKind);
            Assert.Equal(1, d.GetProperty("status_code").GetInt32());
            Assert.Equal("Waiting", d.GetProperty("status_label").GetString());
            Assert.True(d.TryGetProperty("message", out _));
        });
        var list = await _wallet.GetAsync("api/identification", Vendor);
        Assert.Equal("Identified", list.Json.GetProperty("identification_status").GetString());
        Assert.All(list.Json.GetProperty("documents").EnumerateArray(), d => Assert.Equal(2, d.GetProperty("status_code").GetInt32()));
        var account = await _wallet.GetAsync("api/user-account", Vendor);
        Assert.Equal(1, account.Json.GetProperty("identified").GetInt32());
        Assert.Equal(
            [("document_validation", "ok"), ("document_validation", "ok"), ("document_validation", "ok"), ("identification", "ok")],
            Notifications());
        var again = await UploadAsync(9, "tax.pdf", validity: null);
        Assert.Equal(414, again.Code);
    }

    [Fact]
    public async Task Identification_FalsifiedPrefix_RefusesWithMessage()
    {
        await UploadAsync(4, "02_kbis.pdf", validity: null);

        await _wallet.AdvanceAsync(30);

        var list = await _wallet.GetAsync("api/identification", Vendor);
        var kbis = list.Json.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("type").GetInt32() == 4);
        Assert.Equal(3, kbis.GetProperty("status_code").GetInt32());
        Assert.Equal("Falsified document", kbis.GetProperty("message").GetString());
        var missing = list.Json.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("type").GetInt32() == 1);
        Assert.Equal(-1, missing.GetProperty("status_code").GetInt32());
        var xml = NotificationChecks.XmlFromForm(_wallet.Listener.Received[0].Body);
        Assert.Equal("nok", NotificationChecks.Field(xml, "status"));
        Assert.Equal("4", NotificationChecks.Field(xml, "document_type"));
        Assert.Equal("Falsified document", NotificationChecks.Field(xml, "message"));
    }

    [Fact]
    public async Task BankInfo_BeforeRegistration_IsStatus1WithLabel()
    {
        var reply = await _wallet.GetAsync("api/user-account/bank-info/en_GB", Vendor);

        Assert.Equal(0, reply.Code);
        Assert.Equal(1, reply.Json.GetProperty("status_code").GetInt32());
        Assert.Equal("No bank account details.", reply.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task BankInfo_Register_GoesFrom2To3OnTheClockAndNotifies()
    {
        var registered = await RegisterBankAsync(ValidIban);
        var during = await _wallet.GetAsync("api/user-account/bank-info", Vendor);
        await _wallet.AdvanceAsync(59);
        var stillPending = await _wallet.GetAsync("api/user-account/bank-info", Vendor);
        await _wallet.AdvanceAsync(1);

        Assert.Equal(HttpStatusCode.Created, registered.Status);
        Assert.Equal(2, registered.Json.GetProperty("status_code").GetInt32());
        Assert.Equal(ValidIban, registered.Json.GetProperty("iban").GetString());
        Assert.Equal("FR", registered.Json.GetProperty("bank_country").GetString());
        foreach (var field in new[] { "bank_name", "bank_address", "bank_zip_code", "bank_city", "swift", "aba_num", "bsb_num", "bank_num", "acct_num", "transit_num" })
        {
            Assert.Equal(JsonValueKind.String, registered.Json.GetProperty(field).ValueKind);
        }

        Assert.Equal(2, during.Json.GetProperty("status_code").GetInt32());
        Assert.Equal(2, stillPending.Json.GetProperty("status_code").GetInt32());
        var after = await _wallet.GetAsync("api/user-account/bank-info/fr_FR", Vendor);
        Assert.Equal(3, after.Json.GetProperty("status_code").GetInt32());
        Assert.Equal("Validé", after.Json.GetProperty("status").GetString());
        Assert.Equal([("bank_info_validation", "ok")], Notifications());
    }

    [Fact]
    public async Task BankInfo_BadIbanChecksum_AnswersCode3()
    {
        var reply = await RegisterBankAsync("FR7630006000011234567890188");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(3, reply.Code);
        var info = await _wallet.GetAsync("api/user-account/bank-info", Vendor);
        Assert.Equal(1, info.Json.GetProperty("status_code").GetInt32());
    }

    [Fact]
    public async Task BankInfo_BadBic_AnswersCode3()
    {
        var reply = await RegisterBankAsync(ValidIban, swift: "AGRI-FR");

        Assert.Equal(3, reply.Code);
    }

    [Fact]
    public async Task BankInfo_WithoutFile_Answers400()
    {
        var reply = await _wallet.PostFormAsync("api/user-account/bank-info", [new("bank_country", "FR"), new("iban", ValidIban), new("swift", "AGRIFRPP")], Vendor);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("file", reply.Json.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task BankInfo_RefusedPrefix_EndsAtStatus1WithNok()
    {
        await RegisterBankAsync(ValidIban, fileName: "03_rib.pdf");

        await _wallet.AdvanceAsync(60);

        var info = await _wallet.GetAsync("api/user-account/bank-info", Vendor);
        Assert.Equal(1, info.Json.GetProperty("status_code").GetInt32());
        Assert.Equal([("bank_info_validation", "nok")], Notifications());
    }

    [Fact]
    public async Task BankInfo_RefuseNextSwitch_RefusesOnceOnly()
    {
        await _wallet.ControlAsync("_sim/wallet/switches", new { refuseNextBankInfo = true });
        await RegisterBankAsync(ValidIban);
        await _wallet.AdvanceAsync(60);
        await RegisterBankAsync(ValidIban);
        await _wallet.AdvanceAsync(60);

        var info = await _wallet.GetAsync("api/user-account/bank-info", Vendor);
        Assert.Equal(3, info.Json.GetProperty("status_code").GetInt32());
        Assert.Equal([("bank_info_validation", "nok"), ("bank_info_validation", "ok")], Notifications());
    }
}
