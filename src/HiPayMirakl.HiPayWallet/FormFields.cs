using System.Globalization;
using System.Net.Http.Headers;

namespace HiPayMirakl.HiPayWallet;

/// <summary>Form fields in PHP bracket notation; null and empty values are not sent.</summary>
internal sealed class FormFields
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    public FormFields Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _fields.Add(new KeyValuePair<string, string>(name, value));
        }

        return this;
    }

    public FormFields Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public FormFields AddAddress(HiPayAddress? address)
    {
        if (address is null)
        {
            return this;
        }

        return Add("address[address]", address.Address)
            .Add("address[zipcode]", address.ZipCode)
            .Add("address[city]", address.City)
            .Add("address[country]", address.Country)
            .Add("address[phone_number]", address.PhoneNumber)
            .Add("address[fax_number]", address.FaxNumber)
            .Add("address[mobile_phone_number]", address.MobilePhoneNumber);
    }

    public HttpContent ToContent() => new FormUrlEncodedContent(_fields);

    public HttpContent ToMultipart(params (string Name, BufferedFile? File)[] files)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in _fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (name, file) in files)
        {
            if (file is null)
            {
                continue;
            }

            var part = new ByteArrayContent(file.Bytes);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            content.Add(part, name, file.FileName);
        }

        return content;
    }
}

/// <summary>
/// A file read once into memory (uploads are capped at 15 MB by HiPay) so that a request the provider refused
/// with 429 can be rebuilt and sent again without rewinding the caller's stream.
/// </summary>
internal sealed record BufferedFile(byte[] Bytes, string FileName, string ContentType)
{
    private const long MaxBytes = 15L * 1024 * 1024;

    public static async Task<BufferedFile> ReadAsync(HiPayFile file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrWhiteSpace(file.FileName);
        using var buffer = new MemoryStream();
        await file.Content.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxBytes)
        {
            throw new ArgumentException($"'{file.FileName}' is larger than HiPay's 15 MB upload limit.", nameof(file));
        }

        return new BufferedFile(buffer.ToArray(), file.FileName, file.ContentType);
    }
}
