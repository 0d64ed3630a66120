using System.Text.Json;
using HiPayMirakl.Mirakl;
using HiPayMirakl.Mirakl.Wire;

namespace HiPayMirakl.UnitTests.Mirakl;

/// <summary>The reference's JSON examples (A.4) parsed into the wire DTOs, plus the quirks Mirakl is known for.</summary>
public sealed class MiraklWireParsingTests
{
    // Reference A.4.1 shop example (comments removed, "shippings" elided there so left out here).
    private const string ReferenceShops = """
        {
          "shops": [{
            "shop_id": 2001,
            "shop_name": "Test 1",
            "shop_state": "OPEN",
            "suspension_type": null,
            "is_professional": true,
            "premium": false, "premium_state": "DEFAULT",
            "currency_iso_code": "EUR",
            "date_created": "2015-08-20T09:21:59Z",
            "last_updated_date": "2016-10-06T00:00:00Z",
            "domains": ["PRODUCT"], "model": "MARKETPLACE",
            "operator_internal_id": null,
            "contact_informations": {
              "civility": "Mr",
              "firstname": "Test", "lastname": "Test",
              "email": "test+1@test.com",
              "phone": "0123456789", "phone_secondary": "0123456789", "fax": null,
              "street1": "1 rue des sports", "street2": null,
              "zip_code": "75007", "city": "Paris", "state": null,
              "country": "FRA",
              "web_site": null
            },
            "pro_details": {
              "corporate_name": "Test SAS",
              "identification_number": "44268625900078",
              "tax_identification_number": "FR70442686259",
              "VAT_number": "FR70442686259"
            },
            "payment_info": {
              "@type": "IBAN",
              "owner": "Cole McGrath",
              "bank_name": "BNP Paribas", "bank_street": "56, Avenue de l'astéroide",
              "bank_zip": "60001", "bank_city": "Adélka",
              "iban": "FR7630004012781111111111124", "bic": "BNPAFRPP"
            },
            "billing_info": {
              "owner": "x", "bank_name": "y", "bank_street": "z", "zip_code": "60001", "bank_city": "c", "iban": "DE89370400440532013000", "bic": "b"
            },
            "payment_details": {
              "payment_blocked": false,
              "paid_balance": 0, "payable_balance": 0, "pending_balance": 0,
              "pay_subscription": true, "subscription_free_from": null, "subscription_free_to": null
            },
            "kyc": { "status": "PENDING_SUBMISSION", "reason": null },
            "shop_additional_fields": [
              { "code": "hipay-process", "type": "BOOLEAN", "value": "true" },
              { "code": "level", "value": "1" }
            ],
            "channels": ["INIT"], "shipping_zones": ["FR"], "grade": null, "orders_count": 0
          }],
          "total_count": 1
        }
        """;

    private const string ReferenceInvoices = """
        {
          "invoices": [{
            "invoice_id": 230198,
            "id": "AD-1",
            "type": "AUTO_INVOICE",
            "shop_id": 2001,
            "shop_name": "Test 1", "shop_corporate_name": "Test SAS", "shop_operator_internal_id": null, "shop_tax_number": "FR70",
            "shop_model": "MARKETPLACE",
            "currency_iso_code": "EUR",
            "date_created": "2016-02-02T14:21:18Z", "issue_date": "2016-02-02T14:21:18Z", "due_date": "2016-02-12T14:21:18Z",
            "start_time": "2016-01-21T00:00:00Z", "end_time": "2016-02-01T00:00:00Z",
            "state": "COMPLETE",
            "payment_voucher_number": "000001",
            "total_amount_excl_taxes": 0.0, "total_amount_incl_taxes": 0.0,
            "total_charged_amount": 0.0,
            "total_taxes": [{"code": "TAXDEFAULT", "amount": 0.0}],
            "payment": {"state": "PENDING", "reference": "r", "transaction_date": null, "failure_reason": null},
            "payment_info": {"@type": "IBAN", "owner": "o", "bank_name": "b", "iban": "FR7630004012781111111111124", "bic": "BNPAFRPP"},
            "shop_address": {"civility": "Mr", "firstname": "a", "lastname": "b", "street1": "s", "zip_code": "75007", "city": "Paris", "country": "FRA"},
            "issuing_user": {"type": "BATCH", "information": "Automatic action"},
            "pay_out_psp_code": "NOT_SPECIFIED",
            "seller_billing_cycle_id": "SBC-1",
            "details": [{"description": "d", "amount_excl_taxes": 0.0, "quantity": 1, "taxes": [], "order_id": "o-1", "operation_date": "2016-02-01T00:00:00Z"}],
            "summary": {
              "amount_transferred": 12.34,
              "amount_transferred_to_operator": 4.56,
              "total_payable_orders_incl_tax": 0.0, "total_payable_orders_excl_tax": 0.0,
              "total_refund_orders_incl_tax": 0.0,
              "total_commissions_incl_tax": 0.0, "total_commissions_excl_tax": 0.0,
              "total_refund_commissions_incl_tax": 0.0,
              "total_subscription_incl_tax": -9.99, "total_subscription_excl_tax": 0.0,
              "total_other_credits_incl_tax": 56.78, "total_other_invoices_incl_tax": -98.76,
              "total_operator_remitted_taxes": 0.0, "reserve_funding": 0.0, "reserve_settlement": 0.0
            }
          }],
          "total_count": 1
        }
        """;

    private static T Parse<T>(string json) => JsonSerializer.Deserialize<T>(json, MiraklJson.Options)!;

    [Fact]
    public void Shop_ReferenceExample_ParsesStarredFields()
    {
        var page = Parse<ShopsPage>(ReferenceShops);

        Assert.Equal(1, page.TotalCount);
        var shop = Assert.Single(page.Shops!);
        Assert.Equal(2001, shop.ShopId);
        Assert.Equal("Test 1", shop.ShopName);
        Assert.Equal("EUR", shop.CurrencyIsoCode);
        Assert.Equal(new DateTimeOffset(2016, 10, 6, 0, 0, 0, TimeSpan.Zero), shop.LastUpdatedDate);
        Assert.Equal("test+1@test.com", shop.ContactInformations!.Email);
        Assert.Equal("Mr", shop.ContactInformations.Civility);
        Assert.Equal("FRA", shop.CountryAlpha3);
        Assert.Equal("Test SAS", shop.ProDetails!.CorporateName);
        Assert.Equal("FR70442686259", shop.ProDetails.VatNumber);
        Assert.Equal("BNPAFRPP", shop.PaymentInfo!.Bic);
        Assert.Equal("FR7630004012781111111111124", shop.Iban);
        Assert.False(shop.PaymentBlocked);
        Assert.Equal("PENDING_SUBMISSION", shop.Kyc!.Status);
        Assert.True(shop.HiPayProcessEnabled);
        Assert.Equal("1", shop.AdditionalFieldValue("level"));
    }

    [Fact]
    public void Invoice_ReferenceExample_AmountsAreExactDecimals()
    {
        var page = Parse<InvoicesPage>(ReferenceInvoices);

        var invoice = Assert.Single(page.Invoices!);
        Assert.Equal(230198, invoice.InvoiceId);
        Assert.Equal(2001, invoice.ShopId);
        Assert.Equal(MiraklInvoiceTypes.AutoInvoice, invoice.Type);
        Assert.Equal("EUR", invoice.CurrencyIsoCode);
        Assert.Equal(12.34m, invoice.Summary!.AmountTransferred);
        Assert.Equal(4.56m, invoice.Summary.AmountTransferredToOperator);
        Assert.Equal(-9.99m, invoice.Summary.TotalSubscriptionInclTax);
        Assert.Equal("PENDING", invoice.Payment!.State);
        Assert.Equal(new DateTimeOffset(2016, 2, 2, 14, 21, 18, TimeSpan.Zero), invoice.DateCreated);
        Assert.True(invoice.Summary.Extra!.ContainsKey("total_other_credits_incl_tax"));
    }

    [Fact]
    public void Invoice_AmountWithManyDecimals_KeptExactly()
    {
        var invoice = Parse<MiraklInvoice>("""{"invoice_id":1,"shop_id":2,"summary":{"amount_transferred":1234567890123.01}}""");

        Assert.Equal(1234567890123.01m, invoice.Summary!.AmountTransferred);
    }

    [Fact]
    public void ShopDocuments_ReferenceExample_Parses()
    {
        var page = Parse<ShopDocumentsResponse>("""
            { "shop_documents": [ { "id": 2006, "shop_id": 119200, "type": "ALL_PROOF_OF_BANK_ACCOUNT",
              "file_name": "TEST FILE MIRAKL.png", "date_uploaded": "2016-03-25T16:53:19Z", "date_deleted": null } ], "total_count": 1 }
            """);

        var doc = Assert.Single(page.ShopDocuments!);
        Assert.Equal(2006, doc.Id);
        Assert.Equal(119200, doc.ShopId);
        Assert.Equal("ALL_PROOF_OF_BANK_ACCOUNT", doc.Type);
        Assert.Equal("TEST FILE MIRAKL.png", doc.FileName);
        Assert.Null(doc.DateDeleted);
    }

    [Fact]
    public void DocumentTypesAndAdditionalFields_ReferenceShapes_Parse()
    {
        var types = Parse<DocumentTypesResponse>("""
            {"documents":[{"code":"ALL_PROOF_OF_BANK_ACCOUNT","label":"RIB","description":"d","entity":"SHOP","mime_types":["application/pdf"],"models":["MARKETPLACE"]}]}
            """);
        var fields = Parse<AdditionalFieldsResponse>("""
            {"additional_fields":[{"code":"hipay-process","label":"HiPay","description":"d","entity":"SHOP","type":"BOOLEAN","required":true,
              "shop_permission":"READ_WRITE","accepted_values":[],"default_value":true,"regex":null,"models":[],"channels":[]}],"total_count":1}
            """);

        Assert.Equal("ALL_PROOF_OF_BANK_ACCOUNT", Assert.Single(types.Documents!).Code);
        var field = Assert.Single(fields.AdditionalFields!);
        Assert.Equal("hipay-process", field.Code);
        Assert.Equal("BOOLEAN", field.Type);
        Assert.True(field.Required);
        Assert.Equal("true", field.DefaultValue);
    }

    [Fact]
    public void ShopReturns_UpdatedAndError_Parse()
    {
        var parsed = Parse<MiraklShopReturnsResponse>("""
            {"shop_returns":[{"shop_updated":{"shop_id":2001,"payment_details":{"payment_blocked":true}}},
                             {"shop_error":{"shop_id":9999,"message":"9999 can't be updated"}}]}
            """);

        Assert.Equal(2, parsed.ShopReturns!.Count);
        Assert.True(parsed.ShopReturns[0].ShopUpdated!.PaymentBlocked);
        Assert.Null(parsed.ShopReturns[0].ShopError);
        Assert.Equal("9999 can't be updated", parsed.ShopReturns[1].ShopError!.Value.GetProperty("message").GetString());
    }

    [Fact]
    public void Shop_MissingOptionalObjects_ParsesWithSafeDefaults()
    {
        var shop = Parse<MiraklShop>("""{"shop_id":7}""");

        Assert.Equal(7, shop.ShopId);
        Assert.False(shop.HiPayProcessEnabled);
        Assert.False(shop.PaymentBlocked);
        Assert.Null(shop.Iban);
        Assert.Null(shop.CountryAlpha3);
    }

    [Fact]
    public void Shop_NumbersAndBooleansAsStringsAndUnknownFields_Tolerated()
    {
        var shop = Parse<MiraklShop>("""
            {"shop_id":"42","brand_new_field":{"x":[1,2]},"shop_state":"SOME_NEW_STATE",
             "payment_details":{"payment_blocked":"true","payable_balance":"10.50"},
             "last_updated_date":"2026-01-01T00:00:00+0000",
             "shop_additional_fields":[{"code":"hipay-process","value":true}]}
            """);

        Assert.Equal(42, shop.ShopId);
        Assert.Equal("SOME_NEW_STATE", shop.ShopState);
        Assert.True(shop.PaymentBlocked);
        Assert.Equal(10.50m, shop.PaymentDetails!.PayableBalance);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), shop.LastUpdatedDate);
        // No "type" in the element: the predecessor's exact-object comparison would have said false.
        Assert.True(shop.HiPayProcessEnabled);
    }

    [Theory]
    [InlineData("\"false\"", false)]
    [InlineData("\"TRUE\"", true)]
    [InlineData("\"yes\"", false)]
    public void Shop_HiPayProcessValue_OnlyTrueEnables(string value, bool expected)
    {
        var shop = Parse<MiraklShop>($$"""{"shop_id":1,"shop_additional_fields":[{"code":"hipay-process","type":"BOOLEAN","value":{{value}}}]}""");

        Assert.Equal(expected, shop.HiPayProcessEnabled);
    }

    [Fact]
    public void Shop_WithoutPaymentInfo_FallsBackToBillingInfoIban()
    {
        var shop = Parse<MiraklShop>("""{"shop_id":1,"billing_info":{"iban":"de89 3704 0044 0532 0130 00"}}""");

        Assert.Equal("DE89370400440532013000", shop.Iban);
    }

    [Fact]
    public void Shop_NonIbanPaymentInfo_HasNoIban()
    {
        var shop = Parse<MiraklShop>("""{"shop_id":1,"payment_info":{"@type":"ABA","bank_account_number":"123","routing_number":"021000021"}}""");

        Assert.Null(shop.Iban);
        Assert.True(shop.PaymentInfo!.Extra!.ContainsKey("routing_number"));
    }

    [Fact]
    public void ShopUpdate_Serialized_OmitsUnsetFields()
    {
        var json = JsonSerializer.Serialize(new MiraklShopUpdateRequest
        {
            Shops = [new MiraklShopUpdate { ShopId = 2001, Kyc = new MiraklKycUpdate { Status = "APPROVED", Reason = "" }, PaymentBlocked = true, Suspend = false }],
        }, MiraklJson.Options);

        Assert.Equal("""{"shops":[{"shop_id":2001,"kyc":{"status":"APPROVED","reason":""},"payment_blocked":true,"suspend":false}]}""", json);
    }
}
