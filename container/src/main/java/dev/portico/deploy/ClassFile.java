package dev.portico.deploy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What discovery needs to know about a class without loading it: its name, its direct supertypes and the
 * annotations on the class itself. Read from the class file (JVMS §4.1, §4.4, §4.7.16), so scanning an app never
 * runs or even defines its classes, and a class whose dependencies are missing is still readable.
 *
 * @param name        binary name, e.g. {@code com.example.Shop$Cart}
 * @param superName   binary name of the superclass, or null for {@code java.lang.Object} and modules
 * @param interfaces  binary names of the directly implemented (or, for an interface, extended) interfaces
 * @param annotations binary names of the runtime-visible annotation types on the class
 * @param isInterface true for interfaces and annotation types
 */
record ClassFile(String name, String superName, List<String> interfaces, List<String> annotations,
                 boolean isInterface) {
    private static final int ACC_INTERFACE = 0x0200;

    /** Reads the head of a class file. @throws IOException if it is not a class file */
    static ClassFile read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.skipNBytes(2);   // String, MethodType, Module, Package
                case 15 -> in.skipNBytes(3);              // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {                            // Long and Double take two slots (JVMS §4.4.5)
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("bad constant pool tag " + tag);
            }
        }
        int access = in.readUnsignedShort();
        String name = className(utf8, classNameIndex, in.readUnsignedShort());
        int superIndex = in.readUnsignedShort();
        String superName = superIndex == 0 ? null : className(utf8, classNameIndex, superIndex);
        int interfaceCount = in.readUnsignedShort();
        List<String> interfaces = new ArrayList<>(interfaceCount);
        for (int i = 0; i < interfaceCount; i++) {
            interfaces.add(className(utf8, classNameIndex, in.readUnsignedShort()));
        }
        skipMembers(in); // fields
        skipMembers(in); // methods
        List<String> annotations = new ArrayList<>();
        int attributeCount = in.readUnsignedShort();
        for (int i = 0; i < attributeCount; i++) {
            String attribute = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            if ("RuntimeVisibleAnnotations".equals(attribute)) {
                int annotationCount = in.readUnsignedShort();
                for (int a = 0; a < annotationCount; a++) {
                    annotations.add(descriptorToName(utf8[in.readUnsignedShort()]));
                    skipElementValuePairs(in);
                }
            } else {
                in.skipNBytes(length);
            }
        }
        return new ClassFile(name, superName, List.copyOf(interfaces), List.copyOf(annotations),
                (access & ACC_INTERFACE) != 0);
    }

    private static String className(String[] utf8, int[] classNameIndex, int index) throws IOException {
        if (index <= 0 || index >= classNameIndex.length || utf8[classNameIndex[index]] == null) {
            throw new IOException("bad class reference " + index);
        }
        return utf8[classNameIndex[index]].replace('/', '.');
    }

    /** "Ljakarta/servlet/annotation/WebServlet;" → "jakarta.servlet.annotation.WebServlet". */
    private static String descriptorToName(String descriptor) {
        if (descriptor != null && descriptor.startsWith("L") && descriptor.endsWith(";")) {
            return descriptor.substring(1, descriptor.length() - 1).replace('/', '.');
        }
        return String.valueOf(descriptor);
    }

    private static void skipMembers(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            in.skipNBytes(6); // access, name, descriptor
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                in.skipNBytes(2);
                in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
            }
        }
    }

    private static void skipElementValuePairs(DataInputStream in) throws IOException {
        int pairs = in.readUnsignedShort();
        for (int p = 0; p < pairs; p++) {
            in.skipNBytes(2); // element name
            skipElementValue(in);
        }
    }

    /** JVMS §4.7.16.1: one tag byte, then a shape that depends on it. */
    private static void skipElementValue(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z', 's', 'c' -> in.skipNBytes(2);
            case 'e' -> in.skipNBytes(4);
            case '@' -> {
                in.skipNBytes(2);
                skipElementValuePairs(in);
            }
            case '[' -> {
                int values = in.readUnsignedShort();
                for (int v = 0; v < values; v++) {
                    skipElementValue(in);
                }
            }
            default -> throw new IOException("bad element value tag " + (char) tag);
        }
    }
}
