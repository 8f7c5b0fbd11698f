package city.dx.edc.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.eclipse.edc.spi.iam.ClaimToken;
import org.eclipse.edc.spi.iam.IdentityService;
import org.eclipse.edc.spi.iam.TokenParameters;
import org.eclipse.edc.spi.iam.TokenRepresentation;
import org.eclipse.edc.spi.iam.VerificationContext;
import org.eclipse.edc.spi.monitor.Monitor;
import org.eclipse.edc.spi.result.Result;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Obtains access tokens from the platform with client credentials (cached until shortly before
 * they expire) and verifies the platform's tokens: ES256 signature from its JWKS, type at+jwt,
 * issuer, this connector as audience, expiry.
 */
class PlatformIdentityService implements IdentityService {

    /** A token is renewed this long before it expires, so a message never leaves with a stale one. */
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(30);

    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final Monitor monitor;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    private String cached;
    private Instant renewAt = Instant.EPOCH;

    PlatformIdentityService(String tokenUrl, String clientId, String clientSecret, String jwksUrl,
                            String issuer, String audience, Monitor monitor) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.monitor = monitor;
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(URI.create(jwksUrl).toURL()).retrying(true).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("dx.oauth.jwks.url is not a URL: " + jwksUrl, e);
        }
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("sub", "exp", "iat")));
    }

    @Override
    public synchronized Result<TokenRepresentation> obtainClientCredentials(TokenParameters parameters) {
        if (cached != null && Instant.now().isBefore(renewAt)) {
            return Result.success(TokenRepresentation.Builder.newInstance().token(cached).build());
        }
        var form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret);
        var request = HttpRequest.newBuilder(URI.create(tokenUrl))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Result.failure("the platform refused the client credentials: HTTP " + response.statusCode() + " " + response.body());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> body = json.readValue(response.body(), Map.class);
            var token = (String) body.get("access_token");
            var expiresIn = ((Number) body.get("expires_in")).longValue();
            cached = token;
            renewAt = Instant.now().plusSeconds(expiresIn).minus(RENEW_BEFORE);
            return Result.success(TokenRepresentation.Builder.newInstance().token(token).expiresIn(expiresIn).build());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failure("interrupted while obtaining a token");
        } catch (Exception e) {
            monitor.warning("could not obtain a token from " + tokenUrl, e);
            return Result.failure("could not obtain a token: " + e.getMessage());
        }
    }

    @Override
    public Result<ClaimToken> verifyJwtToken(TokenRepresentation tokenRepresentation, VerificationContext context) {
        var raw = tokenRepresentation.getToken();
        if (raw == null) {
            return Result.failure("no token");
        }
        var token = raw.regionMatches(true, 0, "Bearer ", 0, 7) ? raw.substring(7) : raw;
        try {
            var claims = processor.process(token, null);
            return Result.success(ClaimToken.Builder.newInstance().claims(claims.getClaims()).build());
        } catch (Exception e) {
            return Result.failure("token rejected: " + e.getMessage());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
