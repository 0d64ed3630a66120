using System.Globalization;
using CsCheck;
using HiPayMirakl.HiPayEnterprise;

namespace HiPayMirakl.UnitTests.HiPayEnterprise;

public sealed class SepaRulesPropertyTests
{
    // German BBANs: 18 digits. Check digits computed here the ISO 13616 way, independently of SepaRules.
    private static readonly Gen<string> GermanIban = Gen.Char['0', '9'].Array[18].Select(digits =>
    {
        var bban = new string(digits);
        var numeric = bban + "131400"; // "DE" = 13 14, then "00"
        var remainder = 0;
        foreach (var c in numeric)
        {
            remainder = ((remainder * 10) + (c - '0')) % 97;
        }

        return "DE" + (98 - remainder).ToString("D2", CultureInfo.InvariantCulture) + bban;
    });

    [Fact]
    public void CheckIban_GeneratedValidIbans_AllAccepted()
    {
        GermanIban.Sample(iban => Assert.Null(SepaRules.CheckIban(iban)));
    }

    [Fact]
    public void CheckIban_AnySingleDigitChanged_Rejected()
    {
        // Mod 97 detects every single-character substitution.
        Gen.Select(GermanIban, Gen.Int[4, 21], Gen.Int[1, 9]).Sample((iban, position, delta) =>
        {
            var chars = iban.ToCharArray();
            chars[position] = (char)('0' + ((chars[position] - '0' + delta) % 10));
            Assert.NotNull(SepaRules.CheckIban(new string(chars)));
        });
    }

    [Fact]
    public void Transliterate_AnyText_ProducesSepaText()
    {
        Gen.String.Sample(text => Assert.True(SepaRules.IsSepaText(SepaRules.Transliterate(text))));
    }
}
