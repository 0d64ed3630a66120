namespace HiPayMirakl.HiPayEnterprise;

/// <summary>Digest the back office is set to for notification and redirect signatures.</summary>
public enum HiPayEnterpriseSignatureAlgorithm
{
    Sha1,
    Sha256,
    Sha512,
}

/// <summary>Response encoding asked of the gateway through the Accept header.</summary>
public enum HiPayEnterpriseResponseFormat
{
    Json,
    Xml,
}
