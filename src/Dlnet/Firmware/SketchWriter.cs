using Dlnet.Int8;

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
        var comment = new CSourceWriter().Comment([
            .. provenance.HeaderLines("dlnet_forecaster: SOH forecasts on an Arduino Nano 33 BLE Sense."),
            "",
            "At 115200 baud, send DLNET_MODEL_WINDOW SOH values, oldest first, as decimal numbers (0.9731) separated",
            "by spaces, commas or new lines. The sketch answers with DLNET_MODEL_HORIZON forecast values, one per",
            $"line, then 'us <microseconds per inference>' (the mean of {Repeats} runs), and waits for the next window.",
            $"A value that is not a decimal number in {SohCodes.RangeText} (the range of the SOH codes), such as nan, inf or text,",
            "is refused with a line 'error: ...' saying why; the window and the rest of its line are dropped.",
        ]);
        return comment + $$"""
            #include <Arduino.h>
            #include <ctype.h>
            #include <math.h>
            #include <stdlib.h>
            #include <string.h>

            #include "dlnet_model.h"

            static int16_t soh[DLNET_MODEL_WINDOW];
            static int16_t forecast[DLNET_MODEL_HORIZON];

            static bool isSeparator(char c)
            {
                return c == ' ' || c == ',' || c == ';' || c == '\t' || c == '\r' || c == '\n';
            }

            static char readChar()
            {
                while (!Serial.available()) {
                }
                return (char)Serial.read();
            }

            /* SOH to its code: SOH = 1 + code / {{SohCodes.PerUnit}} (the top of {{SohCodes.RangeText}} rounds to the largest code). */
            static int16_t sohCode(double value)
            {
                const long code = lround((value - 1.0) * {{CSourceWriter.Literal(SohCodes.PerUnit)}});
                return (int16_t)(code > 32767 ? 32767 : code);
            }

            static bool refuse(const char *text, const char *why)
            {
                Serial.print("error: '");
                Serial.print(text);
                Serial.print("' ");
                Serial.print(why);
                Serial.println("; the window is dropped, send it again");
                return false;
            }

            /* One SOH value from Serial: separators before it are skipped, the first one after it ends it and is
               returned in *end. False, after saying why, unless the text is a decimal number in {{SohCodes.RangeText}}. */
            static bool readSoh(int16_t *code, char *end)
            {
                char text[24];
                int length = 0;
                bool tooLong = false;
                char c = readChar();
                while (isSeparator(c)) {
                    c = readChar();
                }
                do {
                    if (length < (int)sizeof text - 1) {
                        text[length++] = c;
                    } else {
                        tooLong = true;
                    }
                    c = readChar();
                } while (!isSeparator(c));
                *end = c;
                text[length] = '\0';
                if (tooLong) {
                    return refuse(text, "is too long for a number");
                }
                /* Decimal notation only: strtod alone would also take nan, inf and hexadecimal. */
                for (int i = 0; i < length; ++i) {
                    if (!isdigit((unsigned char)text[i]) && strchr("+-.eE", text[i]) == NULL) {
                        return refuse(text, "is not a decimal number");
                    }
                }
                char *rest;
                const double value = strtod(text, &rest);
                if (rest == text || *rest != '\0') {
                    return refuse(text, "is not a decimal number");
                }
                if (!(value >= {{CSourceWriter.Literal(SohCodes.Lowest)}} && value < {{CSourceWriter.Literal(SohCodes.End)}})) {
                    return refuse(text, "is outside {{SohCodes.RangeText}}, the SOH values the codes cover");
                }
                *code = sohCode(value);
                return true;
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
                char end = '\n';
                for (int i = 0; i < DLNET_MODEL_WINDOW; ++i) {
                    if (!readSoh(&soh[i], &end)) {
                        /* the rest of the line belongs to the refused window */
                        while (end != '\n' && end != '\r') {
                            end = readChar();
                        }
                        return;
                    }
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
                    Serial.println(1.0f + forecast[t] / {{SohCodes.PerUnit}}.0f, 6);
                }
                Serial.print("us ");
                Serial.println(elapsed / {{Repeats}}.0f, 1);
            }

            """.Replace("\r\n", "\n");
    }
}
