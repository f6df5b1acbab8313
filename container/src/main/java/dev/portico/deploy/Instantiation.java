package dev.portico.deploy;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/** Checks and creates the classes an app names, with operator-readable failures. */
final class Instantiation {
    private Instantiation() {
    }

    /** Throws unless {@code type} is a public concrete class with a public no-arg constructor. */
    static Constructor<?> publicNoArgConstructor(Class<?> type) throws DeploymentException {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new DeploymentException(type.getName() + " is abstract; name a concrete class");
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            throw new DeploymentException(type.getName() + " is not public");
        }
        try {
            return type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new DeploymentException(type.getName() + " has no public no-arg constructor");
        } catch (LinkageError e) {
            throw new DeploymentException(type.getName() + " cannot be linked: " + e, e);
        }
    }

    /** Creates an instance with the app's loader as context loader, as the gateway does for its own calls. */
    static Object newInstance(Class<?> type, ClassLoader loader) throws DeploymentException {
        Constructor<?> constructor = publicNoArgConstructor(type);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new DeploymentException("the constructor of " + type.getName() + " failed: " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new DeploymentException("cannot create " + type.getName() + ": " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
