namespace HiPayMirakl.IntegrationTests.Support;

/// <summary>Files of the repository the tests run from (deploy examples, docs), found from the test binaries upwards.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HiPayMirakl.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HiPayMirakl.slnx not found above " + AppContext.BaseDirectory);
    }
}
