// Codestead's warm javac (see src/warm.rs): a JVM kept running inside its own sandbox that
// compiles one submission per request with a fresh javac task, so no compiler state is shared
// between submissions beyond the JDK's own class caches. Annotation processing is off
// (-proc:none), so no submitted code ever runs here.
//
// Protocol on stdin/stdout, one request per line, fields separated by tabs:
//   request:  <output dir> \t <source dir> \t <file> [\t <file> ...]
//   response: <javac exit code> \t <diagnostic byte count> \n <diagnostics>
// The server prints "READY" once the compiler is loaded.
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

public final class CompileServer {
    public static void main(String[] args) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        if (javac == null) {
            System.err.println("no system Java compiler (JRE only?)");
            System.exit(2);
        }
        out.write("READY\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.split("\t");
            if (parts.length < 3) {
                reply(out, 98, "bad request".getBytes(StandardCharsets.UTF_8));
                continue;
            }
            String[] fixed = {
                "-encoding", "UTF-8", "-Xlint:none", "-proc:none", "-cp", parts[1], "-d", parts[0]
            };
            String[] jargs = new String[fixed.length + parts.length - 2];
            System.arraycopy(fixed, 0, jargs, 0, fixed.length);
            System.arraycopy(parts, 2, jargs, fixed.length, parts.length - 2);
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int code;
            try {
                code = javac.run(null, diagnostics, diagnostics, jargs);
            } catch (Throwable t) {
                code = 99;
                t.printStackTrace(new PrintStream(diagnostics, true, StandardCharsets.UTF_8));
            }
            reply(out, code, diagnostics.toByteArray());
        }
    }

    private static void reply(OutputStream out, int code, byte[] body) throws Exception {
        out.write((code + "\t" + body.length + "\n").getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.flush();
    }
}
