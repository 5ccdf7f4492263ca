package dev.tenor;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The string constants of a compiled class (its {@code CONSTANT_String} entries), read straight from the
 * class file: what a class names by string is invisible to a dependency checker, so the architecture test
 * reads it here. Follows the constant-pool layout of JVMS 4.4.
 */
final class ClassFileStrings {

    private ClassFileStrings() {
    }

    static List<String> of(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream d = new DataInputStream(in)) {
            if (d.readInt() != 0xCAFEBABE) {
                throw new IOException(classFile + ": not a class file");
            }
            d.readUnsignedShort(); // minor
            d.readUnsignedShort(); // major
            int count = d.readUnsignedShort();
            String[] utf8 = new String[count];
            List<Integer> stringRefs = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = d.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = d.readUTF();
                    case 8 -> stringRefs.add(d.readUnsignedShort());
                    case 7, 16, 19, 20 -> d.readUnsignedShort();
                    case 15 -> {
                        d.readUnsignedByte();
                        d.readUnsignedShort();
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> d.readInt();
                    case 5, 6 -> {
                        d.readLong();
                        i++; // eight-byte constants take two slots
                    }
                    default -> throw new IOException(classFile + ": unknown constant tag " + tag);
                }
            }
            List<String> out = new ArrayList<>();
            for (int ref : stringRefs) {
                out.add(utf8[ref]);
            }
            return out;
        }
    }
}
