using HiPayMirakl.Core.Features.LegacyImport;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Persistence;

namespace HiPayMirakl.UnitTests.LegacyImport;

public sealed class LegacyImportUnitTests
{
    [Fact]
    public void StatusMap_EveryPredecessorStatus_IsMapped()
    {
        int[] predecessor = [1, 2, 3, 4, 5, 6, -1, -5, -6, -7, -8, -9, -10, -11, -12];

        Assert.Equal(predecessor.Order(), LegacyStatusMap.Rules.Select(r => r.Value).Order());
    }

    [Theory]
    [InlineData(6)]
    [InlineData(3)]
    [InlineData(-6)]
    [InlineData(-11)]
    [InlineData(-12)]
    [InlineData(2)]
    [InlineData(-1)]
    public void StatusMap_WhatThePredecessorTransferred_IsNeverTransferredAgain(int status)
    {
        var (mapped, _) = LegacyStatusMap.Map(status, isSeller: true, amountMinor: 1000, hasKey: true)!.Value;

        // A leg goes to the bank only from the transfer-ready statuses; none of these is one, nor can reach one.
        LegStatus[] transferReady = [LegStatus.Created, LegStatus.TransferFailed, LegStatus.TransferNegative, LegStatus.TransferVendorDisabled];
        Assert.DoesNotContain(mapped, transferReady);
        Assert.All(transferReady, ready => Assert.False(LegTransitions.IsAllowed(mapped, ready), $"{mapped} → {ready}"));
    }

    [Theory]
    [InlineData(4, LegStatus.TransferUnknown)]
    [InlineData(-9, LegStatus.TransferUnknown)]
    [InlineData(5, LegStatus.WithdrawUnknown)]
    [InlineData(-7, LegStatus.WithdrawUnknown)]
    public void StatusMap_InFlightWithKey_IsUnknownAndLookedUp(int status, LegStatus expected) =>
        Assert.Equal(expected, LegacyStatusMap.Map(status, isSeller: true, amountMinor: 1000, hasKey: true)!.Value.Status);

    [Theory]
    [InlineData(4, LegStatus.TransferHeld)]
    [InlineData(-7, LegStatus.WithdrawHeld)]
    public void StatusMap_InFlightWithoutKey_IsHeldNotResent(int status, LegStatus expected) =>
        Assert.Equal(expected, LegacyStatusMap.Map(status, isSeller: true, amountMinor: 1000, hasKey: false)!.Value.Status);

    [Fact]
    public void StatusMap_SellerDebtNotNetted_IsPendingNetting() =>
        Assert.Equal(LegStatus.PendingNetting, LegacyStatusMap.Map(1, isSeller: true, amountMinor: -500, hasKey: true)!.Value.Status);

    [Fact]
    public void StatusMap_UnknownValue_IsNull() => Assert.Null(LegacyStatusMap.Map(42, true, 100, true));

    [Fact]
    public void ParseTsv_MysqlBatchEscapesAndNull_AreDecoded()
    {
        var rows = LegacyReader.ParseTsv("id\tmessage\tlogin\n1\ta\\tb\\nc\\\\d\tNULL\n", "t.tsv");

        var row = Assert.Single(rows);
        Assert.Equal("a\tb\nc\\d", row["message"]);
        Assert.Null(row["login"]);
    }

    [Fact]
    public void ParseTsv_LineWithTooFewFields_NamesFileAndLine()
    {
        var ex = Assert.Throws<FormatException>(() => LegacyReader.ParseTsv("id\tmessage\n1\n", "vendors.tsv"));

        Assert.Contains("vendors.tsv: line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MariaDbCompatibility_DeleteWithAlias_BecomesMultipleTableForm() =>
        Assert.Equal(
            "DELETE `j` FROM `job_leases` AS `j`\nWHERE `j`.`job_name` = @p",
            MariaDbCompatibility.Rewrite("DELETE FROM `job_leases` AS `j`\nWHERE `j`.`job_name` = @p"));

    [Fact]
    public void MariaDbCompatibility_MigrationLock_WaitsBoundedAndAnswersBigInt()
    {
        var sql = MariaDbCompatibility.Rewrite("SELECT GET_LOCK('__EFMigrationsLock',-1);");

        Assert.DoesNotContain("-1)", sql, StringComparison.Ordinal);
        Assert.Contains("9223372036854775807", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void MariaDbCompatibility_OtherStatements_AreUntouched() =>
        Assert.Equal("SELECT 1 FROM `legs` AS `l`", MariaDbCompatibility.Rewrite("SELECT 1 FROM `legs` AS `l`"));
}
