using System.Globalization;
using System.Text;
using System.Text.Json;
using Simulator.Mirakl.Model;

namespace Simulator.Mirakl.Seeding;

/// <summary>A generated marketplace, ready to load into <see cref="MiraklState"/>.</summary>
internal sealed record MarketplaceData(List<MiraklShop> Shops, List<MiraklShopDocument> Documents, List<MiraklInvoice> Invoices);

/// <summary>
/// Deterministic marketplace generator: the same seed gives the same shops, documents and invoices, byte for byte.
/// It deliberately produces what a connector must cope with: shops without the hipay-process field or with it off,
/// accented names, missing phones, GBP shops, documents with extensions HiPay refuses, and invoices whose
/// amount_transferred is zero or negative.
/// </summary>
internal sealed class MarketplaceGenerator
{
    public const long FirstShopId = 2001;
    public const long FirstInvoiceId = 100_001;
    public const long FirstDocumentId = 5001;

    private static readonly int[] CycleDays = [1, 11, 21];

    private static readonly (string Ascii, string Display)[] FirstNames =
    [
        ("Elodie", "Élodie"), ("Zoe", "Zoé"), ("Jurgen", "Jürgen"), ("Soren", "Søren"), ("Bjorn", "Björn"),
        ("Ines", "Inés"), ("Jose", "José"), ("Chloe", "Chloé"), ("Francois", "François"), ("Jerome", "Jérôme"),
        ("Maelle", "Maëlle"), ("Gunther", "Günther"), ("Asa", "Åsa"), ("Lukasz", "Łukasz"), ("Renee", "Renée"),
        ("Marie", "Marie"), ("Thomas", "Thomas"), ("Anna", "Anna"), ("Luca", "Luca"), ("Sean", "Seán"),
        ("Joao", "João"), ("Noemie", "Noémie"), ("Lea", "Léa"), ("Oliver", "Oliver"),
    ];

    private static readonly (string Ascii, string Display)[] LastNames =
    [
        ("Muller", "Müller"), ("Dupre", "Dupré"), ("Orsted", "Ørsted"), ("Gomez", "Gómez"), ("Dvorak", "Dvořák"),
        ("Anano", "Añaño"), ("Lefevre", "Lefèvre"), ("Schroder", "Schröder"), ("Goncalves", "Gonçalves"),
        ("Martin", "Martin"), ("Rossi", "Rossi"), ("Janssens", "Janssens"), ("De Vries", "de Vries"),
        ("OBrien", "O'Brien"), ("Weiss", "Weiß"), ("Garcia", "García"), ("Bernard", "Bernard"), ("Smith", "Smith"),
        ("Kovac", "Kovač"), ("Herve", "Hervé"),
    ];

    private static readonly string[] ShopPatterns =
    [
        "Atelier {0}", "Maison {0}", "{0} & Fils", "Boutique {0}", "Épicerie {0}", "{0} Handwerk", "Café Crème {0}",
        "La Forêt de {0}", "{0} Naturkost", "Le Grenier à {0}",
    ];

    private static readonly string[] Civilities = ["Mr", "Mrs", "Miss", "Neutral"];

    private static readonly Country[] Countries =
    [
        new("FRA", "FR", "EUR", 30, "BNP Paribas", "BNPAFRPP", "Paris", "75007", "rue des Écoles", "+33",
            r => "30004" + D(r, 5) + D(r, 11) + D(r, 2), new[] { "SARL", "SAS" }),
        new("DEU", "DE", "EUR", 15, "Deutsche Bank", "DEUTDEFF", "München", "80331", "Schönhauser Straße", "+49",
            r => D(r, 8) + D(r, 10), new[] { "GmbH" }),
        new("ESP", "ES", "EUR", 10, "CaixaBank", "CAIXESBB", "Málaga", "29001", "Calle de la Peña", "+34",
            r => "2100" + D(r, 16), new[] { "S.L." }),
        new("ITA", "IT", "EUR", 10, "UniCredit", "UNCRITMM", "Forlì", "47121", "Via Città", "+39",
            r => "X" + D(r, 5) + D(r, 5) + D(r, 12), new[] { "S.r.l." }),
        new("BEL", "BE", "EUR", 7, "BNP Paribas Fortis", "GEBABEBB", "Liège", "4000", "Rue de l'Église", "+32",
            r => D(r, 12), new[] { "SRL", "BV" }),
        new("NLD", "NL", "EUR", 7, "ING Bank", "INGBNL2A", "Den Haag", "2511", "Prinsengracht", "+31",
            r => "INGB" + D(r, 10), new[] { "B.V." }),
        new("PRT", "PT", "EUR", 5, "Millennium bcp", "BCOMPTPL", "Évora", "7000-501", "Rua São João", "+351",
            r => "0033" + D(r, 17), new[] { "Lda" }),
        new("AUT", "AT", "EUR", 5, "Bank Austria", "BKAUATWW", "Wien", "1010", "Kärntner Straße", "+43",
            r => "12000" + D(r, 11), new[] { "GmbH" }),
        new("LUX", "LU", "EUR", 3, "Spuerkeess", "BCEELULL", "Esch-sur-Alzette", "4001", "Rue de l'Alzette", "+352",
            r => "001" + D(r, 13), new[] { "S.à r.l." }),
        new("IRL", "IE", "EUR", 3, "AIB", "AIBKIE2D", "Dún Laoghaire", "A96", "Main Street", "+353",
            r => "AIBK" + D(r, 6) + D(r, 8), new[] { "Ltd" }),
        new("GBR", "GB", "GBP", 5, "NatWest", "NWBKGB2L", "London", "EC1A 1BB", "King's Road", "+44",
            r => "NWBK" + D(r, 6) + D(r, 8), new[] { "Ltd" }),
    ];

    private static readonly int TotalCountryWeight = Countries.Sum(c => c.Weight);

    private readonly MarketplaceSeedRequest _request;
    private readonly Random _random;

    public MarketplaceGenerator(MarketplaceSeedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Shops < 0 || request.CyclesOfInvoices < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "Shops and cycles must be >= 0.");
        }

        _request = request;
        // Determinism is the point: the seed fully defines the marketplace.
#pragma warning disable CA5394
        _random = new Random(request.Seed);
#pragma warning restore CA5394
    }

    /// <summary>The payment cycle dates (1st, 11th, 21st at midnight UTC) starting at or after <paramref name="start"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> CycleDates(DateTimeOffset start, int count)
    {
        var dates = new List<DateTimeOffset>(count);
        var day = new DateTimeOffset(start.UtcDateTime.Date, TimeSpan.Zero);
        if (day < start)
        {
            day = day.AddDays(1);
        }

        while (dates.Count < count)
        {
            if (CycleDays.Contains(day.Day))
            {
                dates.Add(day);
            }

            day = day.AddDays(1);
        }

        return dates;
    }

    public MarketplaceData Generate()
    {
        var start = (_request.Start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).ToUniversalTime();
        var shops = new List<MiraklShop>(_request.Shops);
        var documents = new List<MiraklShopDocument>();
        var documentId = FirstDocumentId;
        for (var i = 0; i < _request.Shops; i++)
        {
            var shop = NewShop(FirstShopId + i, start);
            shops.Add(shop);
            foreach (var doc in NewDocuments(shop, start))
            {
                doc.Id = documentId++;
                documents.Add(doc);
            }
        }

        var invoices = new List<MiraklInvoice>(_request.Shops * _request.CyclesOfInvoices);
        var cycles = CycleDates(start, _request.CyclesOfInvoices);
        for (var c = 0; c < cycles.Count; c++)
        {
            var previous = c == 0 ? cycles[c].AddDays(-10) : cycles[c - 1];
            foreach (var shop in shops)
            {
                invoices.Add(NewInvoice(shop, previous, cycles[c]));
            }
        }

        // Ids follow creation order, as in a real instance.
        invoices.Sort((a, b) => a.DateCreated != b.DateCreated ? a.DateCreated.CompareTo(b.DateCreated) : a.ShopId.CompareTo(b.ShopId));
        for (var i = 0; i < invoices.Count; i++)
        {
            invoices[i].InvoiceId = FirstInvoiceId + i;
            invoices[i].Id = "AD-" + invoices[i].InvoiceId.ToString(CultureInfo.InvariantCulture);
            invoices[i].PaymentVoucherNumber = (FirstInvoiceId + i).ToString("0000000", CultureInfo.InvariantCulture);
        }

        return new MarketplaceData(shops, documents, invoices);
    }

    private MiraklShop NewShop(long id, DateTimeOffset start)
    {
        var country = PickCountry();
        var first = Pick(FirstNames);
        var last = Pick(LastNames);
        var company = Chance(0.6);
        var created = start.AddDays(-Next(30, 730)).AddSeconds(-Next(0, 86_400));
        var updated = created.AddDays(Next(0, (int)(start - created).TotalDays + 1));
        if (updated > start)
        {
            updated = start;
        }

        var idText = id.ToString(CultureInfo.InvariantCulture);
        var shopName = string.Format(CultureInfo.InvariantCulture, Pick(ShopPatterns), last.Display) + " " + idText;
        var iban = Iban.Create(country.Alpha2, country.Bban(this));
        var withoutPhone = Chance(0.1);
        var shop = new MiraklShop
        {
            ShopId = id,
            ShopName = shopName,
            ShopState = Weighted(("OPEN", 92), ("SUSPENDED", 5), ("CLOSE", 3)),
            IsProfessional = company,
            CurrencyIsoCode = country.Currency,
            DateCreated = created,
            LastUpdatedDate = updated,
            ContactInformations = new MiraklContactInformations
            {
                Civility = Pick(Civilities),
                Firstname = first.Display,
                Lastname = last.Display,
                Email = $"{Ascii(first.Ascii)}.{Ascii(last.Ascii)}+{idText}@example.com",
                Phone = withoutPhone ? null : country.PhonePrefix + D(this, 9),
                PhoneSecondary = withoutPhone || Chance(0.7) ? null : country.PhonePrefix + D(this, 9),
                Street1 = Next(1, 200).ToString(CultureInfo.InvariantCulture) + " " + country.Street,
                Street2 = Chance(0.2) ? "Bâtiment B" : null,
                ZipCode = country.Zip,
                City = country.City,
                Country = country.Alpha3,
            },
            ProDetails = company
                ? new MiraklProDetails
                {
                    CorporateName = $"{last.Display} {Pick(country.CompanySuffixes)}",
                    IdentificationNumber = D(this, 14),
                    TaxIdentificationNumber = country.Alpha2 + D(this, 11),
                    VatNumber = country.Alpha2 + D(this, 11),
                }
                : new MiraklProDetails(),
            PaymentDetails = new MiraklPaymentDetails { PaymentBlocked = Chance(0.05), PaySubscription = Chance(0.3) },
            Kyc = NewKyc(),
            ShippingZones = [country.Alpha2],
        };
        shop.SuspensionType = shop.ShopState == "SUSPENDED" ? "MANUAL" : null;

        var bank = new MiraklPaymentInfo
        {
            Owner = company ? shop.ProDetails.CorporateName : $"{first.Display} {last.Display}",
            BankName = country.BankName,
            BankStreet = "1 " + country.Street,
            BankZip = country.Zip,
            BankCity = country.City,
            Iban = iban,
            Bic = country.Bic,
        };
        if (Chance(0.02))
        {
            // Older shops only have the legacy billing_info block; the predecessor falls back to it.
            shop.BillingInfo = JsonSerializer.SerializeToElement(new Dictionary<string, string?>
            {
                ["owner"] = bank.Owner, ["bank_name"] = bank.BankName, ["bank_street"] = bank.BankStreet,
                ["zip_code"] = bank.BankZip, ["bank_city"] = bank.BankCity, ["iban"] = bank.Iban, ["bic"] = bank.Bic,
            });
        }
        else
        {
            shop.PaymentInfo = bank;
        }

        var process = Weighted(("true", 75), ("false", 10), ("missing", 15));
        if (process != "missing")
        {
            shop.ShopAdditionalFields.Add(new MiraklAdditionalFieldValue { Code = "hipay-process", Type = "BOOLEAN", Value = process });
        }

        if (Chance(0.3))
        {
            shop.ShopAdditionalFields.Add(new MiraklAdditionalFieldValue { Code = "level", Type = "STRING", Value = Next(1, 4).ToString(CultureInfo.InvariantCulture) });
        }

        return shop;
    }

    private MiraklKyc NewKyc()
    {
        var status = Weighted(("PENDING_SUBMISSION", 30), ("PENDING_APPROVAL", 20), ("APPROVED", 45), ("REFUSED", 5));
        return new MiraklKyc { Status = status, Reason = status == "REFUSED" ? "Document illisible, merci de le renvoyer." : null };
    }

    private IEnumerable<MiraklShopDocument> NewDocuments(MiraklShop shop, DateTimeOffset start)
    {
        var types = new List<string>();
        if (Chance(0.9))
        {
            types.Add("ALL_PROOF_OF_BANK_ACCOUNT");
        }

        if (shop.IsProfessional)
        {
            types.Add("LEGAL_IDENTITY_OF_REPRESENTATIVE");
            if (Chance(0.5))
            {
                types.Add("LEGAL_IDENTITY_OF_REP_REAR");
            }

            types.Add("LEGAL_PROOF_OF_REGISTRATION_NUMBER");
            if (Chance(0.7))
            {
                types.Add("LEGAL_ARTICLES_DISTR_OF_POWERS");
            }
        }
        else
        {
            types.Add("SOLE_MAN_BUS_IDENTITY");
            if (Chance(0.5))
            {
                types.Add("SOLE_MAN_BUS_IDENTITY_REAR");
            }

            if (Chance(0.8))
            {
                types.Add("SOLE_MAN_BUS_PROOF_OF_REG_NUMBER");
            }

            if (Chance(0.6))
            {
                types.Add("SOLE_MAN_BUS_PROOF_OF_TAX_STATUS");
            }
        }

        foreach (var type in types)
        {
            var ext = Chance(0.05) ? Pick([".csv", ".docx"]) : Pick([".pdf", ".pdf", ".png", ".jpg", ".jpeg", ".gif"]);
            var stem = type switch
            {
                "ALL_PROOF_OF_BANK_ACCOUNT" => "RIB " + shop.ContactInformations.Lastname,
                _ when type.Contains("IDENTITY", StringComparison.Ordinal) => "pièce d'identité",
                _ => type.ToLowerInvariant().Replace('_', '-'),
            };
            var fileName = stem + ext;
            var uploaded = shop.DateCreated.AddHours(Next(1, 240));
            yield return new MiraklShopDocument
            {
                ShopId = shop.ShopId,
                Type = type,
                FileName = fileName,
                DateUploaded = uploaded > start ? start : uploaded,
                Bytes = FileBytes(ext, shop.ShopId, type),
                ContentType = MiraklState.ContentTypeFor(fileName),
            };
        }
    }

    /// <summary>A few bytes with the right magic number, so sniffing clients see the declared format.</summary>
    private byte[] FileBytes(string ext, long shopId, string type)
    {
        byte[] magic = ext switch
        {
            ".pdf" => "%PDF-1.4\n"u8.ToArray(),
            ".png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
            ".jpg" or ".jpeg" => [0xFF, 0xD8, 0xFF, 0xE0],
            ".gif" => "GIF89a"u8.ToArray(),
            ".docx" => [0x50, 0x4B, 0x03, 0x04],
            _ => [],
        };
        var text = Encoding.UTF8.GetBytes($"shop {shopId.ToString(CultureInfo.InvariantCulture)} {type}\n");
        var noise = new byte[Next(16, 96)];
        FillBytes(noise);
        return [.. magic, .. text, .. noise];
    }

    private MiraklInvoice NewInvoice(MiraklShop shop, DateTimeOffset periodStart, DateTimeOffset cycle)
    {
        long orders, refunds;
        var kind = Weighted(("zero", 5), ("negative", 5), ("normal", 90));
        switch (kind)
        {
            case "zero":
                orders = 0;
                refunds = 0;
                break;
            case "negative":
                orders = Next(0, 2_000);
                refunds = orders + Next(500, 5_000);
                break;
            default:
                orders = Next(1_000, 500_000);
                refunds = Chance(0.1) ? Next(0, (int)(orders / 5)) : 0;
                break;
        }

        var rateBp = Next(500, 1_500);
        var commissions = orders * rateBp / 10_000;
        var refundCommissions = refunds * rateBp / 10_000;
        var subscription = kind != "zero" && shop.PaymentDetails.PaySubscription ? 999L : 0L;
        var toOperator = commissions - refundCommissions + subscription;
        var transferred = orders - refunds - toOperator;
        var invoiceIncl = toOperator;
        var invoiceExcl = invoiceIncl * 100 / 120;
        var created = cycle.AddSeconds(Next(0, 6 * 3600));
        var invoice = new MiraklInvoice
        {
            ShopId = shop.ShopId,
            ShopName = shop.ShopName,
            ShopCorporateName = shop.ProDetails?.CorporateName,
            ShopTaxNumber = shop.ProDetails?.TaxIdentificationNumber,
            CurrencyIsoCode = shop.CurrencyIsoCode,
            DateCreated = created,
            IssueDate = created,
            DueDate = created.AddDays(30),
            StartTime = periodStart,
            EndTime = cycle,
            TotalAmountInclTaxes = invoiceIncl,
            TotalAmountExclTaxes = invoiceExcl,
            TotalChargedAmount = invoiceIncl,
            TotalTaxes = [new MiraklTaxAmount { Code = "TAXDEFAULT", Amount = invoiceIncl - invoiceExcl }],
            PaymentInfo = shop.PaymentInfo,
            ShopAddress = shop.ContactInformations,
            SellerBillingCycleId = "SBC-" + cycle.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            Summary = new MiraklInvoiceSummary
            {
                AmountTransferred = transferred,
                AmountTransferredToOperator = toOperator,
                TotalPayableOrdersInclTax = orders,
                TotalPayableOrdersExclTax = orders * 100 / 120,
                TotalRefundOrdersInclTax = refunds,
                TotalRefundOrdersExclTax = refunds * 100 / 120,
                TotalCommissionsInclTax = commissions,
                TotalCommissionsExclTax = commissions * 100 / 120,
                TotalRefundCommissionsInclTax = refundCommissions,
                TotalRefundCommissionsExclTax = refundCommissions * 100 / 120,
                // Mirakl shows the subscription as a negative line.
                TotalSubscriptionInclTax = -subscription,
                TotalSubscriptionExclTax = -(subscription * 100 / 120),
            },
        };
        if (commissions > 0)
        {
            invoice.Details.Add(new MiraklInvoiceDetail { Description = "Commissions", AmountExclTaxes = commissions * 100 / 120, OperationDate = cycle });
        }

        if (subscription > 0)
        {
            invoice.Details.Add(new MiraklInvoiceDetail { Description = "Abonnement mensuel", AmountExclTaxes = subscription * 100 / 120, OperationDate = cycle });
        }

        return invoice;
    }

    // ---------------------------------------------------------------- randomness (all through one seeded source)

#pragma warning disable CA5394 // Seeded, non-cryptographic randomness is required for reproducible fixtures.
    private int Next(int min, int maxExclusive) => _random.Next(min, maxExclusive);

    private bool Chance(double p) => _random.NextDouble() < p;

    private void FillBytes(byte[] buffer) => _random.NextBytes(buffer);
#pragma warning restore CA5394

    private T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];

    private string Weighted(params (string Value, int Weight)[] options)
    {
        var roll = Next(0, options.Sum(o => o.Weight));
        foreach (var (value, weight) in options)
        {
            if (roll < weight)
            {
                return value;
            }

            roll -= weight;
        }

        return options[^1].Value;
    }

    private Country PickCountry()
    {
        var roll = Next(0, TotalCountryWeight);
        foreach (var c in Countries)
        {
            if (roll < c.Weight)
            {
                return c;
            }

            roll -= c.Weight;
        }

        return Countries[0];
    }

    private static string D(MarketplaceGenerator g, int length)
    {
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            sb.Append((char)('0' + g.Next(0, 10)));
        }

        return sb.ToString();
    }

    private static string Ascii(string s) => s.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private sealed record Country(string Alpha3, string Alpha2, string Currency, int Weight, string BankName, string Bic,
        string City, string Zip, string Street, string PhonePrefix, Func<MarketplaceGenerator, string> Bban,
        string[] CompanySuffixes);
}
