package io.camelagents.pilot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.camelagents.pilot.driver.PilotDriver;
import org.junit.jupiter.api.Test;

/**
 * The driver is a plain Java artifact: its public API must not leak Jackson (or any other library) types, so users
 * are free to pick their own JSON library and version. Scans every public type of the module's own classes.
 */
class PublicApiTest {

    @Test
    void noJacksonTypeInAnyPublicSignature() throws Exception {
        List<String> leaks = new ArrayList<>();
        List<Class<?>> types = publicTypes();
        assertTrue(types.size() > 30, "scanned " + types.size() + " public types");
        for (Class<?> c : types) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())) {
                    check(leaks, c, m.getName() + " returns", m.getGenericReturnType());
                    for (Type p : m.getGenericParameterTypes()) {
                        check(leaks, c, m.getName() + " takes", p);
                    }
                    for (Type e : m.getGenericExceptionTypes()) {
                        check(leaks, c, m.getName() + " throws", e);
                    }
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (Modifier.isPublic(k.getModifiers())) {
                    for (Type p : k.getGenericParameterTypes()) {
                        check(leaks, c, "constructor takes", p);
                    }
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers())) {
                    check(leaks, c, "field " + f.getName(), f.getGenericType());
                }
            }
            check(leaks, c, "extends", c.getGenericSuperclass());
            for (Type i : c.getGenericInterfaces()) {
                check(leaks, c, "implements", i);
            }
        }
        assertEquals(List.of(), leaks);
    }

    private static void check(List<String> leaks, Class<?> owner, String where, Type type) {
        if (type != null && type.getTypeName().matches("(?s).*\\b(com\\.fasterxml|org\\.slf4j)\\..*")) {
            leaks.add(owner.getName() + "." + where + " " + type.getTypeName());
        }
    }

    private static List<Class<?>> publicTypes() throws URISyntaxException, Exception {
        Path root = Path.of(PilotDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, PublicApiTest.class.getClassLoader());
                if (Modifier.isPublic(c.getModifiers()) && !c.isAnonymousClass() && !c.isSynthetic()) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
