namespace Dlnet.Tests.Native;

/// <summary>
/// A fact that builds for the Cortex-M4 or runs it under the emulator: skipped with the reason where the
/// Arm toolchain or QEMU is not installed (a fresh clone's machine), run and failing when
/// <see cref="Prerequisites.Required"/>.
/// </summary>
public sealed class ArmToolchainFactAttribute : FactAttribute
{
    private static readonly string? Reason = Prerequisites.SkipUnless(
        OnPath("arm-none-eabi-gcc") && OnPath("qemu-system-arm"),
        "needs the Arm toolchain and QEMU (Debian packages gcc-arm-none-eabi, picolibc-arm-none-eabi, qemu-system-arm)");

    public ArmToolchainFactAttribute() => Skip = Reason;

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
