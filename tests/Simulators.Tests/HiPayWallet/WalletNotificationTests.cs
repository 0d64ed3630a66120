using System.Text.Json;
using Simulator.HiPayWallet;

namespace Simulators.Tests.HiPayWallet;

public sealed class WalletNotificationTests : IAsyncLifetime
{
    private const long Vendor = 500_400;

    // Reference §B.5 fixture: this md5content is reproduced with the salt "test".
    private const string ReferenceXml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <notification>
            <md5content>353ec40c9b926ae67eff6401ec455ddb</md5content>
            <result>
                <operation>bank_info_validation</operation>
                <status>ok</status>
                <date>2015-07-29</date>
                <time>15:57:27 UTC+0000</time>
                <account_id>123456</account_id>
                <callback_salt>HiPay2017</callback_salt>
            </result>
        </notification>
        """;

    private WalletTestHost _wallet = null!;

    public async Task InitializeAsync()
    {
        _wallet = await WalletTestHost.StartAsync();
        await _wallet.SeedVendorAsync(Vendor, salt: "test");
    }

    public async Task DisposeAsync() => await _wallet.DisposeAsync();

    [Fact]
    public void ReceiverCheck_ReferenceFixture_ReproducesKnownMd5()
    {
        Assert.Equal("353ec40c9b926ae67eff6401ec455ddb", NotificationChecks.ExpectedMd5(ReferenceXml, "test"));
        Assert.NotEqual("353ec40c9b926ae67eff6401ec455ddb", NotificationChecks.ExpectedMd5(ReferenceXml, "HiPay2017"));
    }

    [Fact]
    public void SimulatorMd5_ReferenceFixtureResult_ReproducesKnownMd5()
    {
        var start = ReferenceXml.IndexOf("<result>", StringComparison.Ordinal);
        var end = ReferenceXml.IndexOf("</result>", StringComparison.Ordinal) + "</result>".Length;

        Assert.Equal("353ec40c9b926ae67eff6401ec455ddb", WalletNotificationXml.ComputeMd5(ReferenceXml[start..end], "test"));
    }

    [Fact]
    public void SimulatorXml_ReferenceFixtureContent_IsByteIdentical()
    {
        var content = new WalletNotificationContent("bank_info_validation", "ok", 123456, IncludeCallbackSalt: true);

        var xml = WalletNotificationXml.Build(content, new DateTimeOffset(2015, 7, 29, 15, 57, 27, TimeSpan.Zero), "HiPay2017");

        // The salt in the fixture's body (HiPay2017) is not the one it was signed with (test), so compare the rest.
        var expected = ReferenceXml.Replace("353ec40c9b926ae67eff6401ec455ddb", NotificationChecks.ExpectedMd5(ReferenceXml, "HiPay2017"), StringComparison.Ordinal) + "\n";
        Assert.Equal(expected, xml);
    }

    [Fact]
    public async Task Notify_ControlEndpoint_SendsSignedDocumentWithAllOptionalFields()
    {
        await _wallet.ControlAsync("_sim/wallet/notify", new
        {
            accountId = Vendor, operation = "document_validation", status = "nok", message = "Incoherence : error with address",
            documentType = 2, documentTypeLabel = "Proof of address", label = "A & B <co>",
        });

        await _wallet.AdvanceAsync(0);

        var xml = NotificationChecks.XmlFromForm(Assert.Single(_wallet.Listener.Received).Body);
        var names = NotificationChecks.Result(xml).Elements().Select(e => e.Name.LocalName).ToList();
        Assert.Equal(["operation", "status", "message", "date", "time", "document_type", "document_type_label", "account_id", "label"], names);
        Assert.Equal("A & B <co>", NotificationChecks.Field(xml, "label"));
        Assert.Equal(NotificationChecks.ExpectedMd5(xml, "test"), NotificationChecks.Md5Content(xml));
        Assert.Contains("\n        <operation>document_validation</operation>\n", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_Default_FormEncodesAsPhpWithSpacesAsPlus()
    {
        await _wallet.ControlAsync("_sim/wallet/notify", new { accountId = Vendor, operation = "identification", status = "ok" });

        await _wallet.AdvanceAsync(0);

        var body = Assert.Single(_wallet.Listener.Received).Body;
        Assert.StartsWith("xml=%3C%3Fxml+version%3D%221.0%22+encoding%3D%22UTF-8%22%3F%3E%0A", body, StringComparison.Ordinal);
        Assert.DoesNotContain("%20", body, StringComparison.Ordinal);
        Assert.Contains("UTC%2B0000", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NotificationFormEncoding.Php, "a+b%2Bc%7E%C3%A9-_.%26%3D")]
    [InlineData(NotificationFormEncoding.Rfc3986, "a%20b%2Bc%7E%C3%A9-_.%26%3D")]
    public void FormEncode_SpacePlusAndUtf8_EncodedLikePhpOrRfc3986(NotificationFormEncoding encoding, string expected)
    {
        Assert.Equal(expected, WalletNotifier.FormEncode("a b+c~é-_.&=", encoding));
    }

    [Fact]
    public async Task Notify_WrongMd5Override_IsSentAsGivenAndFailsTheCheck()
    {
        await _wallet.ControlAsync("_sim/wallet/notify", new { accountId = Vendor, operation = "identification", status = "ok", md5Override = "00000000000000000000000000000000" });

        await _wallet.AdvanceAsync(0);

        var xml = NotificationChecks.XmlFromForm(Assert.Single(_wallet.Listener.Received).Body);
        Assert.NotEqual(NotificationChecks.ExpectedMd5(xml, "test"), NotificationChecks.Md5Content(xml));
    }

    [Fact]
    public async Task Delivery_ReceiverFailsTwice_IsRetriedOnTheVirtualClock()
    {
        _wallet.Listener.FailFirst = 2;
        await _wallet.ControlAsync("_sim/wallet/notify", new { accountId = Vendor, operation = "identification", status = "ok" });

        await _wallet.AdvanceAsync(0);
        var afterFirst = _wallet.Listener.Received.Count;
        await _wallet.AdvanceAsync(60);
        var afterSecond = _wallet.Listener.Received.Count;
        await _wallet.AdvanceAsync(300);

        Assert.Equal(0, afterFirst);
        Assert.Equal(0, afterSecond);
        Assert.Equal(3, _wallet.Listener.Calls);
        var xml = NotificationChecks.XmlFromForm(Assert.Single(_wallet.Listener.Received).Body);
        Assert.Equal(NotificationChecks.ExpectedMd5(xml, "test"), NotificationChecks.Md5Content(xml));
    }

    [Fact]
    public async Task Delivery_DuplicateMode_DeliversTheSameSignedDocumentTwice()
    {
        await _wallet.ControlAsync("_sim/outbox/modes", new { duplicate = true });
        await _wallet.ControlAsync("_sim/wallet/notify", new { accountId = Vendor, operation = "identification", status = "ok" });

        await _wallet.AdvanceAsync(0);

        var posts = _wallet.Listener.Received;
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].Body, posts[1].Body);
    }

    [Fact]
    public async Task Credit_TechnicalAccount_EmitsOtherTransactionAndCountsAsFunded()
    {
        var technical = await _wallet.GetAsync("api/user-account");
        var salt = technical.Json.GetProperty("callback_salt").GetString()!;

        await _wallet.CreditTechnicalAsync("250.00");
        await _wallet.AdvanceAsync(0);

        var xml = NotificationChecks.XmlFromForm(Assert.Single(_wallet.Listener.Received).Body);
        Assert.Equal("other_transaction", NotificationChecks.Field(xml, "operation"));
        Assert.Equal("250.00", NotificationChecks.Field(xml, "amount"));
        Assert.StartsWith("SALES transactions: Batch n°", NotificationChecks.Field(xml, "label"), StringComparison.Ordinal);
        Assert.Equal(NotificationChecks.ExpectedMd5(xml, salt), NotificationChecks.Md5Content(xml));
        var books = await _wallet.BooksAsync();
        Assert.Equal(25_000, books.GetProperty("totalFunded").GetInt64());
        Assert.True(books.GetProperty("balanced").GetBoolean());
    }

    [Fact]
    public async Task SaltRotation_ForcedNewSalt_SignsLaterNotificationsWithIt()
    {
        await _wallet.ControlAsync($"_sim/wallet/accounts/{Vendor}", new { callbackSalt = "rotated-salt" });
        await _wallet.ControlAsync("_sim/wallet/notify", new { accountId = Vendor, operation = "identification", status = "ok" });

        await _wallet.AdvanceAsync(0);

        var account = await _wallet.GetAsync("api/user-account", Vendor);
        Assert.Equal("rotated-salt", account.Json.GetProperty("callback_salt").GetString());
        var xml = NotificationChecks.XmlFromForm(Assert.Single(_wallet.Listener.Received).Body);
        Assert.Equal(NotificationChecks.ExpectedMd5(xml, "rotated-salt"), NotificationChecks.Md5Content(xml));
        Assert.NotEqual(NotificationChecks.ExpectedMd5(xml, "test"), NotificationChecks.Md5Content(xml));
    }

    [Fact]
    public async Task Reset_AfterActivity_RestoresSeededAccountsOnly()
    {
        await _wallet.CreditTechnicalAsync("10.00");

        await _wallet.ControlAsync("_sim/reset", new { });

        var books = await _wallet.BooksAsync();
        Assert.Equal(
            [WalletTestHost.TechnicalId, WalletTestHost.OperatorId],
            books.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("accountId").GetInt64()));
        Assert.Equal(0, books.GetProperty("totalFunded").GetInt64());
        Assert.Equal(JsonValueKind.Array, books.GetProperty("transactions").ValueKind);
        Assert.Empty(books.GetProperty("transactions").EnumerateArray());
    }
}
