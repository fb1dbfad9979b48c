package dev.nioserve;

public final class Main {
    public static void main(String[] args) {}
}
