public class Main {
    public static void main(String[] args) {
        int x = "hello";
        System.out.println(x)
    }
}
