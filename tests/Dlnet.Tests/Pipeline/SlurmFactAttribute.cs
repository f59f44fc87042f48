namespace Dlnet.Tests.Pipeline;

/// <summary>
/// A fact that starts a one-node Slurm cluster (examples/slurm/local-cluster.sh): skipped with the reason where
/// Slurm and munge are not installed or the tests do not run as root (the daemons run as root), run and failing
/// when <see cref="Prerequisites.Required"/>.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    private static readonly string? Reason = Prerequisites.SkipUnless(
        new[] { "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch" }.All(File.Exists) && Environment.UserName == "root",
        "needs a one-node Slurm started as root (Debian packages slurm-wlm and munge)");

    public SlurmFactAttribute() => Skip = Reason;
}
