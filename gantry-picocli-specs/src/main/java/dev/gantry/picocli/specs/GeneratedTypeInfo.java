package dev.gantry.picocli.specs;

import picocli.CommandLine.Model.ITypeInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A member's type as picocli's reflection would infer it, worked out by the processor: the declared
 * (erased) type, the auxiliary types (an array's component, a collection's or map's type arguments,
 * or the annotation's {@code type}), and the generic type arguments by name.
 */
public final class GeneratedTypeInfo implements ITypeInfo {
    private final Class<?> type;
    private final Class<?>[] auxiliaryTypes;
    private final List<String> genericArguments;

    public GeneratedTypeInfo(Class<?> type, Class<?>[] auxiliaryTypes, String... genericArguments) {
        this.type = type;
        this.auxiliaryTypes = auxiliaryTypes.clone();
        this.genericArguments = List.of(genericArguments);
    }

    @Override
    public boolean isBoolean() {
        return auxiliaryTypes[0] == boolean.class || auxiliaryTypes[0] == Boolean.class;
    }

    @Override
    public boolean isMultiValue() {
        return isArray() || isCollection() || isMap();
    }

    @Override
    public boolean isOptional() {
        return type.getName().equals("java.util.Optional");
    }

    @Override
    public boolean isArray() {
        return type.isArray() && type != char[].class;
    }

    @Override
    public boolean isCollection() {
        return Collection.class.isAssignableFrom(type);
    }

    @Override
    public boolean isMap() {
        return Map.class.isAssignableFrom(type);
    }

    @Override
    public boolean isEnum() {
        return auxiliaryTypes[0].isEnum();
    }

    @Override
    public List<String> getEnumConstantNames() {
        if (!isEnum()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Object constant : auxiliaryTypes[0].getEnumConstants()) {
            names.add(constant.toString());
        }
        return names;
    }

    @Override
    public String getClassName() {
        return type.getName();
    }

    @Override
    public String getClassSimpleName() {
        return type.getSimpleName();
    }

    @Override
    public List<ITypeInfo> getAuxiliaryTypeInfos() {
        List<ITypeInfo> infos = new ArrayList<>();
        for (Class<?> aux : auxiliaryTypes) {
            infos.add(new GeneratedTypeInfo(aux, new Class<?>[] {aux.isArray() && aux != char[].class ? aux.getComponentType() : aux}));
        }
        return infos;
    }

    @Override
    public List<String> getActualGenericTypeArguments() {
        return genericArguments;
    }

    @Override
    public Class<?> getType() {
        return type;
    }

    @Override
    public Class<?>[] getAuxiliaryTypes() {
        return auxiliaryTypes.clone();
    }

    @Override
    public String toString() {
        return "GeneratedTypeInfo(" + type.getName() + ", aux=" + Arrays.toString(auxiliaryTypes) + ")";
    }
}
