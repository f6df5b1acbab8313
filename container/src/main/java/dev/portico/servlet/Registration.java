package dev.portico.servlet;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What servlet and filter registrations share: a name, a class, init parameters, async support (§4.4.1). */
abstract class Registration implements jakarta.servlet.Registration.Dynamic {
    final WebApp app;
    final String name;
    final Map<String, String> initParams = new LinkedHashMap<>();
    volatile boolean asyncSupported;

    Registration(WebApp app, String name) {
        this.app = app;
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean setInitParameter(String name, String value) {
        if (name == null || value == null) {
            throw new IllegalArgumentException("init parameter name and value must not be null");
        }
        app.checkConfigurable();
        return initParams.putIfAbsent(name, value) == null;
    }

    @Override
    public String getInitParameter(String name) {
        return initParams.get(name);
    }

    @Override
    public Set<String> setInitParameters(Map<String, String> params) {
        app.checkConfigurable();
        Set<String> conflicts = new HashSet<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("init parameter name and value must not be null");
            }
            if (initParams.containsKey(e.getKey())) {
                conflicts.add(e.getKey());
            }
        }
        if (conflicts.isEmpty()) {
            initParams.putAll(params);
        }
        return conflicts;
    }

    @Override
    public Map<String, String> getInitParameters() {
        return Collections.unmodifiableMap(initParams);
    }

    @Override
    public void setAsyncSupported(boolean supported) {
        app.checkConfigurable();
        this.asyncSupported = supported;
    }

    boolean isAsyncSupported() {
        return asyncSupported;
    }

    /** Loads and instantiates {@code className} through the app's class loader with its no-arg constructor. */
    static <T> T instantiate(WebApp app, String className, Class<T> type) throws jakarta.servlet.ServletException {
        Class<?> cls;
        try {
            cls = Class.forName(className, false, app.loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new jakarta.servlet.ServletException("class " + className + " not found", e);
        }
        if (!type.isAssignableFrom(cls)) {
            throw new jakarta.servlet.ServletException(className + " is not a " + type.getName());
        }
        return instantiate(app, cls.asSubclass(type));
    }

    static <T> T instantiate(WebApp app, Class<? extends T> cls) throws jakarta.servlet.ServletException {
        ClassLoader previous = AppClassLoader.enter(app.loader);
        try {
            return cls.getDeclaredConstructor().newInstance();
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new jakarta.servlet.ServletException(cls.getName() + " constructor failed: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new jakarta.servlet.ServletException(cls.getName() + " needs a public no-argument constructor", e);
        } finally {
            AppClassLoader.exit(previous);
        }
    }
}
