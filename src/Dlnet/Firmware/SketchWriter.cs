namespace Dlnet.Firmware;

/// <summary>
/// The Arduino sketch folder for the Nano 33 BLE Sense: the generated model, the runtime and a <c>.ino</c> that
/// reads a window of SOH values over Serial, forecasts, and prints the forecast and the microseconds per
/// inference. The Arduino IDE compiles every <c>.c</c> file beside the <c>.ino</c>, so the folder is flat.
/// </summary>
internal static class SketchWriter
{
    /// <summary>Folder and sketch name (they must match for the Arduino IDE).</summary>
    public const string SketchName = "dlnet_forecaster";

    /// <summary>Times the forecast is repeated per request, so that micros() resolves the time of one.</summary>
    const int Repeats = 10;

    /// <summary>Writes the sketch folder under <paramref name="parent"/>; returns its path.</summary>
    public static string Write(string parent, IReadOnlyDictionary<string, string> modelFiles, ModelProvenance provenance)
    {
        string folder = Path.Combine(parent, SketchName);
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in EmbeddedSources.Runtime()) File.WriteAllText(Path.Combine(folder, name), text);
        foreach (var (name, text) in modelFiles) File.WriteAllText(Path.Combine(folder, name), text);
        File.WriteAllText(Path.Combine(folder, SketchName + ".ino"), Sketch(provenance));
        return folder;
    }

    static string Sketch(ModelProvenance provenance)
    {
        var header = provenance.HeaderLines("dlnet_forecaster: SOH forecasts on an Arduino Nano 33 BLE Sense.").Select(l => l.Replace("*/", "* /"));
        return $$"""
            /*
            {{string.Join("\n", header.Select(l => l.Length == 0 ? " *" : " * " + l))}}
             *
             * At 115200 baud, send DLNET_MODEL_WINDOW SOH values, oldest first, as decimal numbers (0.9731) separated
             * by spaces, commas or new lines. The sketch answers with DLNET_MODEL_HORIZON forecast values, one per
             * line, then "us <microseconds per inference>" (the mean of {{Repeats}} runs), and waits for the next window.
             */
            #include <Arduino.h>
            #include <math.h>
            #include <stdlib.h>

            #include "dlnet_model.h"

            static int16_t soh[DLNET_MODEL_WINDOW];
            static int16_t forecast[DLNET_MODEL_HORIZON];

            /* One number from Serial: separators before it are skipped, the first one after it ends it. */
            static float readNumber()
            {
                char text[24];
                int length = 0;
                for (;;) {
                    while (!Serial.available()) {
                    }
                    const char c = (char)Serial.read();
                    if (c == ' ' || c == ',' || c == ';' || c == '\t' || c == '\r' || c == '\n') {
                        if (length > 0) {
                            break;
                        }
                        continue;
                    }
                    if (length < (int)sizeof text - 1) {
                        text[length++] = c;
                    }
                }
                text[length] = '\0';
                return (float)strtod(text, NULL);
            }

            /* SOH to its code: SOH = 1 + code / 32768, saturated. */
            static int16_t sohCode(float value)
            {
                float code = (value - 1.0f) * 32768.0f;
                code = code < -32768.0f ? -32768.0f : (code > 32767.0f ? 32767.0f : code);
                return (int16_t)lroundf(code);
            }

            void setup()
            {
                Serial.begin(115200);
                while (!Serial) {
                }
                Serial.print("dlnet_forecaster: send ");
                Serial.print(DLNET_MODEL_WINDOW);
                Serial.println(" SOH values");
            }

            void loop()
            {
                for (int i = 0; i < DLNET_MODEL_WINDOW; ++i) {
                    soh[i] = sohCode(readNumber());
                }
                dlnet_status status = DLNET_OK;
                const unsigned long start = micros();
                for (int r = 0; r < {{Repeats}} && status == DLNET_OK; ++r) {
                    status = dlnet_model_forecast(soh, forecast);
                }
                const unsigned long elapsed = micros() - start;
                if (status != DLNET_OK) {
                    Serial.print("error ");
                    Serial.println((int)status);
                    return;
                }
                for (int t = 0; t < DLNET_MODEL_HORIZON; ++t) {
                    Serial.println(1.0f + forecast[t] / 32768.0f, 5);
                }
                Serial.print("us ");
                Serial.println(elapsed / {{Repeats}}.0f, 1);
            }

            """.Replace("\r\n", "\n");
    }
}
